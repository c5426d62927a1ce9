"""PATCH under /api/v1/ changes the fields it is sent and nothing else, and
still needs the version it edits (issue #13, item 4)."""

import datetime as dt
from typing import Any

import pytest

from cnscd.accounts.models import Organisation
from cnscd.core.models import AuditEvent
from cnscd.core.text import search_key
from cnscd.teams.choices import BodyKind, Position, Sex
from cnscd.teams.models import Body, Membership, Person
from conftest import Tree, client_for


@pytest.fixture
def seat(tree: Tree) -> Membership:
    """Team A1 with one member whose every detail is filled in."""
    team = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.a1,
        name="Tổ CNSCĐ Thôn Đông",
        established_on=dt.date(2022, 6, 1),
        zalo_group_url="https://zalo.me/g/thondong",
        zalo_oa_url="https://zalo.me/thondong",
        note="Họp ngày 15 hằng tháng",
    )
    person = Person.objects.create(
        full_name="Nguyễn Thị Hoa",
        search_key=search_key("Nguyễn Thị Hoa"),
        sex=Sex.FEMALE,
        birth_year=1990,
        phone="0912345678",
        email="hoa@example.vn",
        zalo="0912345678",
    )
    return Membership.objects.create(
        person=person,
        body=team,
        position=Position.CUSTOM,
        custom_title="Cộng tác viên",
        affiliation=Organisation.objects.get(short_name="VNPT"),
        started_on=dt.date(2022, 7, 1),
    )


def patch(user: Any, url: str, data: dict[str, Any], **headers: str) -> Any:
    return client_for(user).patch(
        url, data, content_type="application/json", headers=headers
    )


def test_patching_a_person_name_keeps_sex_birth_year_and_contacts(
    seat: Membership, commune_a_officer
) -> None:
    person = seat.person
    response = patch(
        commune_a_officer,
        f"/api/v1/people/{person.pk}/",
        {"full_name": "Nguyễn Thị Hoà", "version": 1},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert (
        person.full_name,
        person.sex,
        person.birth_year,
        person.phone,
        person.email,
        person.zalo,
        person.version,
    ) == (
        "Nguyễn Thị Hoà",
        Sex.FEMALE,
        1990,
        "0912345678",
        "hoa@example.vn",
        "0912345678",
        2,
    )
    assert response.json()["birth_year"] == 1990
    event = AuditEvent.objects.get(action="person.update")
    assert (event.before["full_name"], event.after["full_name"]) == (
        "Nguyễn Thị Hoa",
        "Nguyễn Thị Hoà",
    )
    assert event.after["phone"] == "0912345678"


def test_patching_a_person_phone_only_changes_the_phone(
    seat: Membership, commune_a_officer
) -> None:
    person = seat.person
    response = patch(
        commune_a_officer,
        f"/api/v1/people/{person.pk}/",
        {"phone": "+84 987 654 321", "birth_year": None},
        **{"If-Match": '"1"'},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.full_name, person.sex, person.phone, person.birth_year) == (
        "Nguyễn Thị Hoa",
        Sex.FEMALE,
        "0987654321",
        None,
    )


def test_a_bad_value_in_a_person_patch_changes_nothing(
    seat: Membership, commune_a_officer
) -> None:
    person = seat.person
    response = patch(
        commune_a_officer,
        f"/api/v1/people/{person.pk}/",
        {"birth_year": 1800, "version": 1},
    )
    assert response.status_code == 400
    assert "Năm sinh 1800 không hợp lệ" in str(response.json())
    person.refresh_from_db()
    assert (person.birth_year, person.version) == (1990, 1)


def test_patching_a_membership_position_keeps_title_and_affiliation(
    seat: Membership, commune_a_officer
) -> None:
    response = patch(
        commune_a_officer,
        f"/api/v1/memberships/{seat.pk}/",
        {"position": Position.DEPUTY, "version": 1},
    )
    assert response.status_code == 200
    seat.refresh_from_db()
    assert (
        seat.position,
        seat.custom_title,
        seat.affiliation.short_name if seat.affiliation else None,
        seat.started_on,
        seat.version,
    ) == (Position.DEPUTY, "Cộng tác viên", "VNPT", dt.date(2022, 7, 1), 2)


def test_patching_a_membership_affiliation_keeps_the_position(
    seat: Membership, commune_a_officer
) -> None:
    viettel = Organisation.objects.get(short_name="Viettel")
    url = f"/api/v1/memberships/{seat.pk}/"
    response = patch(commune_a_officer, url, {"affiliation": viettel.pk, "version": 1})
    assert response.status_code == 200
    seat.refresh_from_db()
    assert (seat.position, seat.custom_title, seat.affiliation) == (
        Position.CUSTOM,
        "Cộng tác viên",
        viettel,
    )
    # Sent as null, the affiliation is cleared; the rest stays.
    response = patch(commune_a_officer, url, {"affiliation": None, "version": 2})
    assert response.status_code == 200
    seat.refresh_from_db()
    assert (seat.position, seat.custom_title, seat.affiliation) == (
        Position.CUSTOM,
        "Cộng tác viên",
        None,
    )


@pytest.mark.parametrize(
    "affiliation", [987654321, 2**63 - 1, 2**63, 10**30, 0, -1, "VNPT"]
)
def test_an_unknown_affiliation_is_refused_not_dropped(
    seat: Membership, commune_a_officer, affiliation: object
) -> None:
    response = patch(
        commune_a_officer,
        f"/api/v1/memberships/{seat.pk}/",
        {"affiliation": affiliation, "position": Position.DEPUTY, "version": 1},
    )
    assert response.status_code == 400
    assert "affiliation" in response.json()
    seat.refresh_from_db()
    assert (
        seat.affiliation.short_name if seat.affiliation else None,
        seat.position,
        seat.version,
    ) == ("VNPT", Position.CUSTOM, 1)


def test_a_custom_position_still_needs_a_title(
    seat: Membership, commune_a_officer
) -> None:
    url = f"/api/v1/memberships/{seat.pk}/"
    response = patch(commune_a_officer, url, {"custom_title": "", "version": 1})
    assert response.status_code == 400
    assert "Hãy ghi chức danh" in str(response.json())
    seat.refresh_from_db()
    assert (seat.custom_title, seat.version) == ("Cộng tác viên", 1)


def test_patching_a_body_name_keeps_links_and_note(
    seat: Membership, team_a_leader
) -> None:
    body = seat.body
    response = patch(
        team_a_leader,
        f"/api/v1/bodies/{body.pk}/",
        {"name": "Tổ CNSCĐ Thôn Đông Mới", "version": 1},
    )
    assert response.status_code == 200
    body.refresh_from_db()
    assert (
        body.name,
        body.zalo_group_url,
        body.zalo_oa_url,
        body.note,
        body.established_on,
        body.version,
    ) == (
        "Tổ CNSCĐ Thôn Đông Mới",
        "https://zalo.me/g/thondong",
        "https://zalo.me/thondong",
        "Họp ngày 15 hằng tháng",
        dt.date(2022, 6, 1),
        2,
    )


@pytest.mark.parametrize("kind", ["people", "memberships", "bodies"])
def test_patch_without_a_version_is_428_and_with_a_stale_one_412(
    seat: Membership, commune_a_officer, kind: str
) -> None:
    pk = {"people": seat.person_id, "memberships": seat.pk, "bodies": seat.body_id}
    url = f"/api/v1/{kind}/{pk[kind]}/"
    change = {
        "people": {"zalo": "0900000000"},
        "memberships": {"custom_title": "Cộng tác viên tích cực"},
        "bodies": {"note": "Họp ngày 20"},
    }[kind]
    assert patch(commune_a_officer, url, change).status_code == 428
    assert patch(commune_a_officer, url, change, **{"If-Match": "abc"}).status_code == (
        428
    )
    assert patch(commune_a_officer, url, {**change, "version": 1}).status_code == 200
    stale = patch(commune_a_officer, url, {**change, "version": 1})
    assert stale.status_code == 412
    assert "không có gì bị ghi đè" in stale.json()["detail"]
    # The largest version a client may send is stale, not an overflow (500).
    largest = patch(commune_a_officer, url, {**change, "version": 2**63 - 1})
    assert largest.status_code == 412
    for version in (0, 2**63, "1e400"):
        assert (
            patch(commune_a_officer, url, {**change, "version": version}).status_code
            == 400
        ), version
    huge = patch(commune_a_officer, url, change, **{"If-Match": f'"{10**30}"'})
    assert huge.status_code == 428
    model = {"people": Person, "memberships": Membership, "bodies": Body}[kind]
    assert model.objects.get(pk=pk[kind]).version == 2
