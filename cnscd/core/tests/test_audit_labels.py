"""The audit trail reads in Vietnamese with values as stored (issue #14, 5)."""

import re
from pathlib import Path

from cnscd.core.audit_labels import ACTIONS
from cnscd.teams.models import Membership, Person
from cnscd.teams.people import person_update
from conftest import Tree, client_for

ROOT = Path(__file__).resolve().parents[2]


def test_every_recorded_action_has_a_vietnamese_label() -> None:
    used = set()
    for path in (ROOT / "cnscd").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
    used |= {f"{kind}.repaired" for kind in ("value", "target", "activity")}
    assert used - set(ACTIONS) == set()


def test_the_audit_page_shows_labels_and_unformatted_years(
    tree: Tree, commune_a_officer
) -> None:
    from cnscd.teams.choices import BodyKind, Position
    from cnscd.teams.models import Body

    team = Body.objects.create(kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ")
    person = Person.objects.create(full_name="Lê Văn Bình", birth_year=1980, sex="male")
    Membership.objects.create(person=person, body=team, position=Position.MEMBER)
    person_update(
        actor=commune_a_officer,
        person=person,
        version=person.version,
        birth_year=1990,
        sex="female",
    )
    page = client_for(commune_a_officer).get("/audit/").content.decode()
    assert "Sửa thông tin người" in page and "person.update" not in page
    assert "Năm sinh: “1980” → “1990”" in page and "1.990" not in page
    assert "Giới tính: “Nam” → “Nữ”" in page


def test_grouped_and_listed_values_read_as_text() -> None:
    """An event holding a group of values (a dict) or a list once raised on
    the unit page ("unhashable type: 'dict'"), found by the benchmark."""
    from cnscd.core.audit_labels import value_text

    assert value_text("teams.person", "x", {"birth_year": 1990, "sex": "male"}) == (
        "Năm sinh: 1990; Giới tính: Nam"
    )
    assert value_text("teams.person", "birth_year", [1990, 1991]) == "1990, 1991"
