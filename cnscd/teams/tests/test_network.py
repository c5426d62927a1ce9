"""Bodies, memberships, coverage, privacy and concurrency."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from cnscd.accounts.models import Assignment, Organisation
from cnscd.core.concurrency import StaleVersion
from cnscd.core.models import AuditEvent
from cnscd.core.phones import PhoneError, normalize_phone
from cnscd.core.roles import Role
from cnscd.core.text import search_key
from cnscd.teams import coverage, exports, people, selectors, services
from cnscd.teams.choices import BodyKind, BodyStatus, DecisionKind, Position, Sex
from cnscd.teams.models import Body, Membership, Person
from conftest import Tree, client_for, make_user

DAY = dt.date(2024, 1, 15)


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "+84912345678",
        "84-912-345-678",
        "(+84) 912.345.678",
        "0084912345678",
        "912345678",
    ],
)
def test_phone_formats_normalise_to_one_form(raw: str) -> None:
    assert normalize_phone(raw) == "0912345678"
    assert normalize_phone(normalize_phone(raw)) == "0912345678"


@pytest.mark.parametrize(
    "raw",
    ["0123", "0112345678", "09123456789", "abc", "+1 202 555 0100", "0912-345-67x"],
)
def test_impossible_phones_are_rejected(raw: str) -> None:
    with pytest.raises(PhoneError):
        normalize_phone(raw)


def org(short: str) -> Organisation:
    return Organisation.objects.get(short_name=short)


def seat(
    body: Body,
    name: str,
    position: str = Position.MEMBER,
    phone: str = "",
    sex: str = Sex.MALE,
    affiliation: str | None = None,
    started: dt.date | None = None,
) -> Membership:
    person = Person.objects.create(
        full_name=name, search_key=search_key(name), phone=phone, sex=sex
    )
    return Membership.objects.create(
        person=person,
        body=body,
        position=position,
        started_on=started,
        affiliation=org(affiliation) if affiliation else None,
    )


@pytest.fixture
def network(tree: Tree) -> dict[str, Body]:
    established = dt.date(2022, 6, 1)
    committee = Body.objects.create(
        kind=BodyKind.STEERING_COMMITTEE,
        unit=tree.a,
        name="Tổ chỉ đạo xã A",
        established_on=established,
    )
    t1 = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.a1,
        name="Tổ A1",
        established_on=established,
    )
    t2 = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.a2,
        name="Tổ A2",
        established_on=established,
    )
    tb = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.b1,
        name="Tổ B1",
        established_on=established,
    )
    seat(committee, "Chủ tịch xã", Position.LEADER, affiliation="UBND xã")
    seat(t1, "Trưởng thôn Đông", Position.LEADER, "0912000001", affiliation="Thôn, TDP")
    seat(
        t1,
        "Bí thư đoàn",
        Position.DEPUTY,
        "0912000002",
        Sex.FEMALE,
        affiliation="Đoàn Thanh niên",
    )
    seat(t1, "Nhân viên VNPT", phone="0912000003", affiliation="VNPT")
    seat(t1, "Công an viên", affiliation="Công an")
    seat(
        t2, "Người duy nhất", sex=Sex.FEMALE, affiliation="Viettel"
    )  # small, no leader
    seat(tb, "Trưởng thôn Nam", Position.LEADER)
    old = seat(t1, "Đã rời tổ", affiliation="VNPT")
    old.ended_on = dt.date(2023, 1, 1)
    old.save()
    return {"committee": committee, "t1": t1, "t2": t2, "tb": tb}


def test_coverage_of_a_commune(tree: Tree, network, commune_a_officer) -> None:
    cov = coverage.unit_coverage(actor=commune_a_officer, unit=tree.a, day=DAY)
    assert (
        cov.committees,
        cov.committee_members,
        cov.teams,
        cov.team_members,
        cov.people,
    ) == (1, 1, 2, 5, 6)
    assert (cov.teams_small, cov.teams_without_leader) == (1, 1)
    assert (cov.villages, cov.villages_with_team, cov.villages_without_team_share) == (
        2,
        2,
        0.0,
    )
    assert cov.members_per_team == 2.5
    assert dict(cov.by_affiliation) == {
        "UBND xã": 1,
        "Thôn, TDP": 1,
        "Đoàn Thanh niên": 1,
        "VNPT": 1,
        "Công an": 1,
        "Viettel": 1,
    }
    assert cov.by_sex == {"male": 4, "female": 2}
    assert [(c.unit.name, c.teams, c.members) for c in cov.children] == [
        ("Thôn Đoài", 1, 1),
        ("Thôn Đông", 1, 4),
    ]


def test_coverage_of_a_province_and_on_an_earlier_date(
    tree: Tree, network, province_officer
) -> None:
    cov = coverage.unit_coverage(actor=province_officer, unit=tree.p, day=DAY)
    assert (cov.teams, cov.team_members, cov.villages, cov.villages_with_team) == (
        3,
        6,
        3,
        3,
    )
    assert [(c.unit.name, c.has_decision, c.teams) for c in cov.children] == [
        ("Xã Thanh Miện", False, 2),
        ("Xã Bình Minh", False, 1),
    ]
    services.decision_add(
        actor=province_officer,
        body=network["t1"],
        kind=DecisionKind.ESTABLISH,
        number="12/QĐ-UBND",
        signed_on=dt.date(2022, 5, 20),
        issuer="UBND xã Thanh Miện",
    )
    cov = coverage.unit_coverage(actor=province_officer, unit=tree.p, day=DAY)
    assert [c.has_decision for c in cov.children] == [
        True,
        False,
    ] and cov.children_with_decision == 1
    before = coverage.unit_coverage(
        actor=province_officer, unit=tree.p, day=dt.date(2022, 5, 1)
    )
    assert (before.teams, before.children_with_decision) == (0, 0)
    network["t1"].refresh_from_db()
    assert network["t1"].established_on == dt.date(2022, 5, 20)  # the decision sets it


def test_coverage_queries_do_not_grow_with_teams(
    tree: Tree, network, province_officer, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coverage.unit_coverage(
        actor=province_officer, unit=tree.p, day=DAY
    )  # warm the scope cache
    with CaptureQueriesContext(connection) as few:
        coverage.unit_coverage(actor=province_officer, unit=tree.p, day=DAY)
    for i in range(20):
        from cnscd.units.choices import Level
        from conftest import make_unit

        v = make_unit(f"90002.{i + 10:03d}", f"Thôn thêm {i}", Level.VILLAGE, tree.b)
        t = Body.objects.create(kind=BodyKind.COMMUNITY_TEAM, unit=v, name=f"Tổ {i}")
        seat(t, f"Người {i}")
    with CaptureQueriesContext(connection) as many:
        cov = coverage.unit_coverage(actor=province_officer, unit=tree.p, day=DAY)
    assert cov.teams == 23
    shapes = lambda ctx: [q["sql"][:60] for q in ctx.captured_queries]  # noqa: E731
    assert len(many.captured_queries) == len(few.captured_queries), (
        shapes(few),
        shapes(many),
    )


def test_team_leader_sees_and_edits_only_their_team(
    tree: Tree, network, team_a_leader
) -> None:
    assert list(selectors.bodies_visible_to(team_a_leader)) == [network["t1"]]
    assert selectors.can_edit_body(team_a_leader, network["t1"])
    people.membership_add(
        actor=team_a_leader,
        body=network["t1"],
        person_fields={"full_name": "Thành viên mới", "phone": "0988 111 222"},
        position=Position.MEMBER,
    )
    with pytest.raises(PermissionDenied):
        services.decision_add(
            actor=team_a_leader,
            body=network["t1"],
            kind=DecisionKind.AMEND,
            number="1/QĐ-UBND",
            signed_on=DAY,
            issuer="UBND xã",
        )
    names = {p.full_name for p in selectors.people_visible_to(team_a_leader)}
    assert names == {
        "Trưởng thôn Đông",
        "Bí thư đoàn",
        "Nhân viên VNPT",
        "Công an viên",
        "Đã rời tổ",
        "Thành viên mới",
    }


def test_partner_reporter_sees_only_people_of_their_organisation(
    tree: Tree, network
) -> None:
    reporter = make_user("vnpt.p", None, None)
    Assignment.objects.create(
        user=reporter, unit=tree.p, role=Role.PARTNER_REPORTER, organisation=org("VNPT")
    )
    assert {p.full_name for p in selectors.people_visible_to(reporter)} == {
        "Nhân viên VNPT",
        "Đã rời tổ",
    }
    assert [m.person.full_name for m in selectors.member_list(actor=reporter)] == [
        "Nhân viên VNPT"
    ]
    members = selectors.body_members(actor=reporter, body=network["t1"])
    assert [m.person.full_name for m in members] == ["Nhân viên VNPT"]


def test_same_phone_is_the_same_person(tree: Tree, network, commune_a_officer) -> None:
    m = people.membership_add(
        actor=commune_a_officer,
        body=network["t2"],
        person_fields={"full_name": "Trưởng thôn Đông", "phone": "+84 912 000 001"},
        position=Position.MEMBER,
    )
    assert (
        m.person
        == Membership.objects.get(body=network["t1"], position=Position.LEADER).person
    )
    assert Person.objects.filter(phone="0912000001").count() == 1
    with pytest.raises(ValidationError, match="đang là thành viên"):
        people.membership_add(
            actor=commune_a_officer,
            body=network["t2"],
            person_fields={"full_name": "Trưởng thôn Đông", "phone": "0912000001"},
            position=Position.MEMBER,
        )


def test_concurrent_edits_of_a_person_refuse_the_second(
    tree: Tree, network, commune_a_officer
) -> None:
    person = Person.objects.get(full_name="Bí thư đoàn")
    fields = {
        "full_name": "Bí thư Đoàn xã",
        "sex": Sex.FEMALE,
        "birth_year": 1995,
        "phone": "0912000002",
    }
    people.person_update(actor=commune_a_officer, person=person, version=1, **fields)
    stale = Person.objects.get(pk=person.pk)
    stale.version = 1
    with pytest.raises(StaleVersion):
        people.person_update(
            actor=commune_a_officer,
            person=stale,
            version=1,
            **{**fields, "full_name": "Khác"},
        )
    person.refresh_from_db()
    assert (person.full_name, person.version, person.birth_year) == (
        "Bí thư Đoàn xã",
        2,
        1995,
    )


def test_api_patch_needs_a_version_and_refuses_stale_ones(
    tree: Tree, network, commune_a_officer
) -> None:
    person = Person.objects.get(full_name="Bí thư đoàn")
    api = client_for(commune_a_officer)
    url = f"/api/v1/people/{person.pk}/"
    body = {"full_name": "Bí thư Đoàn", "phone": "0912000002"}
    assert api.patch(url, body, content_type="application/json").status_code == 428
    assert (
        api.patch(
            url, {**body, "version": 1}, content_type="application/json"
        ).status_code
        == 200
    )
    response = api.patch(
        url,
        {**body, "full_name": "Ghi đè", "version": 1},
        content_type="application/json",
    )
    assert (
        response.status_code == 412
        and "không có gì bị ghi đè" in response.json()["detail"]
    )
    assert (
        api.patch(
            url, body, content_type="application/json", headers={"If-Match": '"2"'}
        ).status_code
        == 200
    )
    person.refresh_from_db()
    assert (person.full_name, person.version) == ("Bí thư Đoàn", 3)


def test_dissolving_ends_memberships_and_history_survives(
    tree: Tree, network, commune_a_officer
) -> None:
    services.decision_add(
        actor=commune_a_officer,
        body=network["t2"],
        kind=DecisionKind.DISSOLVE,
        number="30/QĐ-UBND",
        signed_on=dt.date(2024, 3, 1),
        issuer="UBND xã Thanh Miện",
    )
    t2 = Body.objects.get(pk=network["t2"].pk)
    assert (t2.status, t2.ended_on) == (BodyStatus.DISSOLVED, dt.date(2024, 3, 1))
    m = Membership.objects.get(body=t2)
    assert m.ended_on == dt.date(2024, 3, 1)
    assert (
        coverage.unit_coverage(
            actor=commune_a_officer, unit=tree.a, day=dt.date(2024, 2, 1)
        ).teams
        == 2
    )
    assert (
        coverage.unit_coverage(
            actor=commune_a_officer, unit=tree.a, day=dt.date(2024, 4, 1)
        ).teams
        == 1
    )
    assert [
        x.body
        for x in selectors.person_memberships(actor=commune_a_officer, person=m.person)
    ] == [t2]


def test_bad_decision_numbers_and_scans(tree: Tree, network, commune_a_officer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    for number in ["abc", "", "689", "QĐ/689"]:
        with pytest.raises(ValidationError):
            services.decision_add(
                actor=commune_a_officer,
                body=network["t1"],
                kind=DecisionKind.ESTABLISH,
                number=number,
                signed_on=DAY,
                issuer="UBND xã",
            )
    with pytest.raises(ValidationError, match="PDF"):
        services.decision_add(
            actor=commune_a_officer,
            body=network["t1"],
            kind=DecisionKind.ESTABLISH,
            number="1/QĐ-UBND",
            signed_on=DAY,
            issuer="UBND xã",
            scan=SimpleUploadedFile("x.pdf", b"<html>not a pdf"),
        )


def test_merge_moves_memberships_and_is_audited(
    tree: Tree, network, commune_a_officer
) -> None:
    keep = Person.objects.get(full_name="Người duy nhất")
    dup = Membership.objects.get(
        body=network["t1"], person__full_name="Công an viên"
    ).person
    people.person_merge(actor=commune_a_officer, keep=keep, duplicate=dup)
    assert not Person.objects.filter(pk=dup.pk).exists()
    assert set(keep.memberships.values_list("body__name", flat=True)) == {
        "Tổ A1",
        "Tổ A2",
    }
    assert AuditEvent.objects.filter(
        action="person.merge", object_id=str(keep.pk)
    ).exists()


def test_export_matches_the_import_layout_masks_phones_for_viewers_and_has_no_formulas(
    tree: Tree, network, commune_a_officer
) -> None:
    seat(network["t1"], '=HYPERLINK("http://x","y")', phone="0912000009")
    data = exports.render_member_export(
        exports.build_member_export(actor=commune_a_officer, unit=tree.a, day=DAY)
    )
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert list(rows[0]) == [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Chức vụ trong Tổ",
        "Đơn vị công tác",
        "Số điện thoại",
        "Thôn/Tổ dân phố",
    ]
    names = [r[1] for r in rows[1:]]
    assert (
        "Trưởng thôn Đông" in names
        and '=HYPERLINK("http://x","y")' in names
        and "Đã rời tổ" not in names
    )
    assert ("Trưởng thôn Đông", "0912 000 001") in [(r[1], r[6]) for r in rows[1:]]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet

    viewer = make_user("xem.a", tree.a, Role.VIEWER)
    data = exports.render_member_export(
        exports.build_member_export(actor=viewer, unit=tree.a, day=DAY)
    )
    phones = [
        r[6]
        for r in load_workbook(io.BytesIO(data)).active.iter_rows(
            min_row=4, values_only=True
        )
    ]
    assert "0912 *** 001" in phones and not any(p and "000 001" in p for p in phones)

    # The exported file imports back unchanged.
    from cnscd.teams.imports import members_import

    Membership.objects.filter(person__full_name__startswith="=").delete()
    data = exports.render_member_export(
        exports.build_member_export(actor=commune_a_officer, unit=tree.a, day=DAY)
    )
    result = members_import(
        actor=commune_a_officer,
        commune=tree.a,
        data=data,
        filename="x.xlsx",
        dry_run=True,
    )
    assert result.as_dict()["rejected"] == [] and result.as_dict()["created"] == 0


def test_export_view_headers_and_audit(tree: Tree, network, commune_a_officer) -> None:
    response = client_for(commune_a_officer).get(f"/teams/export/?unit={tree.a.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        response["Cache-Control"] == "no-store"
        and response["X-Content-Type-Options"] == "nosniff"
    )
    event = AuditEvent.objects.get(action="members.export")
    assert event.after["rows"] == 5 and len(event.after["sha256"]) == 64


def test_import_members_command_json(tree: Tree, tmp_path, capsys) -> None:
    from cnscd.teams.tests.test_imports import ROWS, xlsx

    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx(ROWS))
    call_command("import_members", str(path), "--unit", "90001", "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
        "stored": False,
    }
    call_command("import_members", str(path), "--unit", "90001", "--json")
    assert json.loads(capsys.readouterr().out)["stored"] is True
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([[1, "Tên", "Nam", 1980, "Tổ viên", "", "", "Thôn Lạ"]]))
    with pytest.raises(SystemExit):
        call_command("import_members", str(bad), "--unit", "90001", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["stored"] is False and out["rejected"][0]["row"] == 5


def test_network_totals_for_many_units_in_one_query_match_the_coverage(
    tree: Tree, network, province_officer, commune_a_officer
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    units = [tree.p, tree.a, tree.b, tree.a1]
    coverage.network_totals(actor=province_officer, units=units, day=DAY)  # warm scope
    with CaptureQueriesContext(connection) as one:
        coverage.network_totals(actor=province_officer, units=units[:1], day=DAY)
    with CaptureQueriesContext(connection) as four:
        many = coverage.network_totals(actor=province_officer, units=units, day=DAY)
    # The same few queries whatever the number of units: one grouped count
    # each of teams, members, villages and villages with a team (and the
    # actor's scope).
    assert len(four) == len(one) <= 5
    for unit in units:
        cov = coverage.unit_coverage(actor=province_officer, unit=unit, day=DAY)
        assert many[unit.pk] == coverage.NetworkTotals(
            cov.teams, cov.team_members, cov.villages, cov.villages_with_team
        ), unit.name
    assert many[tree.p.pk] == coverage.NetworkTotals(3, 6, 3, 3)
    # Scoped like everything else: commune A's officer counts only commune A's teams.
    own = coverage.network_totals(actor=commune_a_officer, units=[tree.a], day=DAY)
    assert own[tree.a.pk].teams == 2
    before = coverage.network_totals(
        actor=province_officer, units=[tree.p], day=dt.date(2022, 5, 1)
    )
    assert before[tree.p.pk].teams == 0
