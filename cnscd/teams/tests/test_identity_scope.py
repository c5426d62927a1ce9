"""A phone number does not reach across scope (issue #13, item 3; ADR 0004).

Linking an existing person by phone, or editing a person, needs scope over
every body they sit in. Otherwise the actor is told only that the number is
registered elsewhere: no name, sex or birth year, nothing linked or changed.
"""

from typing import Any

import pytest

from cnscd.core.models import AuditEvent
from cnscd.teams.choices import BodyKind, Position
from cnscd.teams.imports import members_import
from cnscd.teams.models import Body, Membership, Person
from cnscd.teams.selectors import ELSEWHERE
from cnscd.teams.tests.test_imports import xlsx
from conftest import Tree, client_for

PHONE = "0912 000 111"
NAME = "Phan Văn Dũng"


@pytest.fixture
def teams(tree: Tree) -> dict[str, Body]:
    """A team in commune A's village A1 and one in commune B's village B1; the
    person sits only in B's."""
    made = {
        key: Body.objects.create(
            kind=BodyKind.COMMUNITY_TEAM, unit=unit, name=f"Tổ {unit.name}"
        )
        for key, unit in (("a", tree.a1), ("b", tree.b1))
    }
    dung = Person.objects.create(
        full_name=NAME,
        search_key="phan van dung",
        sex="male",
        birth_year=1970,
        phone="0912000111",
    )
    Membership.objects.create(person=dung, body=made["b"], position=Position.MEMBER)
    return made


def _state() -> list[Any]:
    """Everything a refused request must leave as it was."""
    return [
        list(Person.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
    ]


def _api_add(user: Any, body: Body, phone: str = PHONE) -> Any:
    return client_for(user).post(
        "/api/v1/memberships/",
        {"body": body.pk, "full_name": "Ai Đó", "phone": phone, "position": "member"},
        content_type="application/json",
    )


@pytest.mark.parametrize("actor", ["commune_a_officer", "team_a_leader"])
def test_another_communes_person_is_not_linked_or_revealed(
    request: pytest.FixtureRequest, tree: Tree, teams: dict[str, Body], actor: str
) -> None:
    user = request.getfixturevalue(actor)
    before = _state()
    api = _api_add(user, teams["a"])
    assert api.status_code == 400
    assert api.json() == {"detail": [ELSEWHERE]}
    page = client_for(user).post(
        f"/teams/{teams['a'].pk}/members/new/",
        {"full_name": "Ai Đó", "phone": PHONE, "position": Position.MEMBER},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert ELSEWHERE in text and NAME not in text and "1970" not in text
    assert _state() == before
    refused = AuditEvent.objects.filter(action="person.link_refused", actor=user)
    assert refused.count() == 2  # the API's and the page's


def test_the_other_direction_too(
    tree: Tree, teams: dict[str, Body], commune_b_officer
) -> None:
    """B's officer cannot reach a person who sits in A's team either."""
    anh = Person.objects.create(full_name="Lê Thị Ánh", phone="0912000222")
    Membership.objects.create(person=anh, body=teams["a"], position=Position.MEMBER)
    before = _state()
    assert _api_add(commune_b_officer, teams["b"], "0912000222").status_code == 400
    assert _state() == before


def test_an_officer_over_both_links_the_person(
    tree: Tree, teams: dict[str, Body], province_officer
) -> None:
    made = _api_add(province_officer, teams["a"])
    assert made.status_code == 201
    dung = Person.objects.get(phone="0912000111")
    assert set(dung.memberships.values_list("body_id", flat=True)) == {
        teams["a"].pk,
        teams["b"].pk,
    }
    assert dung.full_name == NAME  # the person's details are not overwritten


def test_a_shared_person_is_edited_only_by_an_officer_over_every_body(
    tree: Tree, teams: dict[str, Body], commune_a_officer, province_officer
) -> None:
    """Once the province has seated Dũng in A's team too, A's officer sees him
    but may only change his seat in A, not his details seen in B."""
    assert _api_add(province_officer, teams["a"]).status_code == 201
    dung = Person.objects.get(phone="0912000111")
    before = _state()
    refused = client_for(commune_a_officer).patch(
        f"/api/v1/people/{dung.pk}/",
        {"full_name": "Tên Khác", "version": dung.version},
        content_type="application/json",
    )
    assert refused.status_code in (403, 404)
    assert _state() == before
    seat = dung.memberships.get(body=teams["a"])
    moved = client_for(commune_a_officer).patch(
        f"/api/v1/memberships/{seat.pk}/",
        {"position": "deputy", "version": seat.version},
        content_type="application/json",
    )
    assert moved.status_code == 200
    allowed = client_for(province_officer).patch(
        f"/api/v1/people/{dung.pk}/",
        {"full_name": "Phan Văn Dũng Sửa", "version": dung.version},
        content_type="application/json",
    )
    assert allowed.status_code == 200


def test_the_member_import_neither_links_nor_names_them(
    tree: Tree, teams: dict[str, Body], commune_a_officer
) -> None:
    row = [1, NAME, "Nam", 1970, "Tổ viên", "", PHONE, "Thôn Đông"]
    before = _state()
    for dry_run in (True, False):
        result = members_import(
            actor=commune_a_officer,
            commune=tree.a,
            data=xlsx([row]),
            filename="ds.xlsx",
            dry_run=dry_run,
        )
        assert [(r.action, r.message) for r in result.rows] == [("rejected", ELSEWHERE)]
        assert NAME not in str(result.as_dict())
    assert _state() == before
