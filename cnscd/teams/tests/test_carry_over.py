"""Carrying a province's network across the 2025 reform (issue #15, item 1):
a plan from the correspondence, a dry run with counts, choices for split
communes, all or nothing, idempotent, audited, and the network of today."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from cnscd.accounts.models import Assignment, Organisation
from cnscd.activities.services import Entry, activity_create
from cnscd.core.models import AuditEvent
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.teams.carry_over import carry_over
from cnscd.teams.choices import BodyKind, BodyStatus, DecisionKind, Position
from cnscd.teams.coverage import team_facts, unit_coverage
from cnscd.teams.models import Body, Decision, Membership, Person
from cnscd.units.choices import Level, Structure, UnitType
from cnscd.units.models import AdministrativeUnit, UnitCorrespondence
from conftest import make_unit, make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 8)
BEFORE = dt.date(2025, 6, 30)


class Reform:
    """Legacy: province 90 > district 900 > communes A, B (split), C.
    2025: province 95 > communes X, Y. A and C go to X; B to X (primary) and Y."""

    def __init__(self) -> None:
        new = Structure.FROM_2025
        self.p = make_unit("90", "Tỉnh Cũ", Level.PROVINCE, unit_type=UnitType.TINH)
        self.d = make_unit("900", "Huyện Cũ", Level.DISTRICT, self.p, UnitType.HUYEN)
        self.a = make_unit("90001", "Xã An", Level.COMMUNE, self.d)
        self.b = make_unit("90002", "Xã Bình", Level.COMMUNE, self.d)
        self.c = make_unit("90003", "Xã Cường", Level.COMMUNE, self.d)
        self.a1 = make_unit(
            "90001.001", "Thôn Đông", Level.VILLAGE, self.a, UnitType.THON
        )
        self.a2 = make_unit(
            "90001.002", "Thôn Tây", Level.VILLAGE, self.a, UnitType.THON
        )
        self.b1 = make_unit(
            "90002.001", "Thôn Nam", Level.VILLAGE, self.b, UnitType.THON
        )
        self.c1 = make_unit(
            "90003.001", "Thôn Đông", Level.VILLAGE, self.c, UnitType.THON
        )
        self.n = make_unit(
            "95", "Tỉnh Mới", Level.PROVINCE, unit_type=UnitType.TINH, structure=new
        )
        self.x = make_unit("95001", "Xã Xuân", Level.COMMUNE, self.n, structure=new)
        self.y = make_unit("95002", "Phường Yên", Level.COMMUNE, self.n, structure=new)
        for old, successor, primary in [
            (self.p, self.n, True),
            (self.a, self.x, True),
            (self.b, self.x, True),
            (self.b, self.y, False),
            (self.c, self.x, True),
        ]:
            UnitCorrespondence.objects.create(
                legacy=old, successor=successor, is_primary=primary
            )
        opened = dt.date(2023, 3, 1)
        viettel = Organisation.objects.create(name="Viettel Tỉnh Cũ", kind="telecom")
        self.team = Body.objects.create(
            kind=BodyKind.COMMUNITY_TEAM,
            unit=self.a1,
            name="Tổ CNSCĐ thôn Đông",
            established_on=opened,
            zalo_group_url="https://zalo.me/g/abc",
        )
        Decision.objects.create(
            body=self.team,
            kind=DecisionKind.ESTABLISH,
            number="12/QĐ-UBND",
            signed_on=opened,
            issuer="UBND Xã An",
        )
        for i, (position, affiliation, ended) in enumerate(
            [
                (Position.LEADER, None, None),
                (Position.MEMBER, viettel, None),
                (Position.MEMBER, None, None),
                (Position.MEMBER, None, dt.date(2024, 5, 1)),  # left before
            ]
        ):
            Membership.objects.create(
                person=Person.objects.create(
                    full_name=f"Người {i}", search_key=f"nguoi {i}"
                ),
                body=self.team,
                position=position,
                affiliation=affiliation,
                started_on=opened,
                ended_on=ended,
            )
        self.team_b = Body.objects.create(
            kind=BodyKind.COMMUNITY_TEAM,
            unit=self.b1,
            name="Tổ CNSCĐ thôn Nam",
            established_on=opened,
        )
        Membership.objects.create(
            person=Person.objects.create(full_name="Người Nam", search_key="nguoi nam"),
            body=self.team_b,
            position=Position.LEADER,
            started_on=opened,
        )
        self.committees = [
            Body.objects.create(
                kind=BodyKind.STEERING_COMMITTEE,
                unit=unit,
                name=f"Tổ chỉ đạo {unit.name}",
                established_on=opened,
            )
            for unit in (self.p, self.d, self.a)
        ]
        self.officer = make_user("tinh.moi", self.n, Role.PROVINCE_OFFICER)
        self.old_officer = make_user("tinh.cu", self.p, Role.PROVINCE_OFFICER)
        self.commune_officer = make_user("xa.an", self.a, Role.COMMUNE_OFFICER)
        self.leader = make_user("totruong.dong", self.a1, Role.TEAM_LEADER)
        self.district_officer = make_user("huyen.cu", self.d, Role.DISTRICT_OFFICER)


@pytest.fixture
def reform(db: None) -> Reform:
    return Reform()


def _state() -> tuple[int, ...]:
    return (
        AdministrativeUnit.objects.count(),
        Body.objects.count(),
        Body.objects.filter(status=BodyStatus.ACTIVE).count(),
        Membership.objects.filter(ended_on__isnull=True).count(),
        Assignment.objects.count(),
        UnitCorrespondence.objects.count(),
    )


def test_dry_run_counts_and_a_split_commune_waits_for_a_choice(reform: Reform) -> None:
    before = _state()
    plan = carry_over(actor=reform.officer, province=reform.n, dry_run=True)
    assert plan.as_dict() == {
        "stored": False,
        "villages": 4,
        "teams": 2,
        "members": 4,  # the member who left in 2024 stays behind
        "committees_closed": 3,
        "committees_created": 2,  # the new province's and Xã Xuân's
        "assignments": 3,  # province, commune and team leader; not the district
        "needs_choice": [
            {
                "legacy_unit": "90002",
                "legacy_name": "Xã Bình",
                "proposed": "95001",
                "candidates": ["95001", "95002"],
                "reason": "Xã Bình được chia cho 2 xã, phường mới; đề xuất xã nhận "
                "phần chính theo bảng tương ứng chính thức.",
            }
        ],
        "message": "",
    }
    assert _state() == before
    refused = carry_over(actor=reform.officer, province=reform.n)
    assert not refused.stored and refused.message.startswith("Còn 1 xã cũ")
    assert _state() == before


def test_the_network_of_today_after_the_carry_over(reform: Reform) -> None:
    done = carry_over(
        actor=reform.officer, province=reform.n, choices={"90002": "95002"}
    )
    assert done.stored and (done.villages, done.teams, done.members) == (4, 2, 4)
    # Villages: A's under Xã Xuân, B's under Phường Yên (the choice), C's
    # "Thôn Đông" kept apart from A's by its former commune's name.
    names = {
        link.legacy.code: (link.successor.parent.code, link.successor.name)
        for link in UnitCorrespondence.objects.filter(
            legacy__level=Level.VILLAGE
        ).select_related("legacy", "successor__parent")
    }
    assert names == {
        "90001.001": ("95001", "Thôn Đông"),
        "90001.002": ("95001", "Thôn Tây"),
        "90002.001": ("95002", "Thôn Nam"),
        "90003.001": ("95001", "Thôn Đông (Xã Cường cũ)"),
    }
    new_village = AdministrativeUnit.objects.get(parent=reform.x, name="Thôn Đông")
    assert new_village.structure == Structure.FROM_2025
    assert new_village.valid_from == dt.date(2025, 7, 1)
    # The team: the same people, positions and workplaces from 1/7/2025, the
    # decision it works under, the old team closed as carried over.
    team = Body.objects.get(unit=new_village)
    assert team.is_active_on(TODAY) and team.zalo_group_url == "https://zalo.me/g/abc"
    facts = team_facts(actor=reform.officer, units=[new_village], day=TODAY)
    assert facts[new_village.pk] == type(facts[new_village.pk])(
        "Tổ CNSCĐ thôn Đông", 3, True, True, 1
    )
    reform.team.refresh_from_db()
    assert reform.team.status == BodyStatus.CARRIED
    assert reform.team.merged_into == team
    assert reform.team.is_active_on(BEFORE) and not reform.team.is_active_on(TODAY)
    assert reform.team.decisions.count() == 1  # history stays
    # Committees: closed on the reform day, each with its successor.
    successors = {}
    for c in reform.committees:
        c.refresh_from_db()
        assert c.status == BodyStatus.MERGED and c.ended_on == dt.date(2025, 7, 1)
        successors[c.unit.code] = c.merged_into.unit.code
    assert successors == {"90": "95", "900": "95", "90001": "95001"}
    # The old province counts nothing active today; the new one counts it all.
    old = unit_coverage(actor=SYSTEM, unit=reform.p, day=TODAY)
    new = unit_coverage(actor=reform.officer, unit=reform.n, day=TODAY)
    assert (old.teams, old.committees) == (0, 0)
    assert (new.teams, new.team_members) == (2, 4)
    # Assignments: the twins on the successor units; the district's is listed.
    assert set(
        Assignment.objects.filter(unit__structure=Structure.FROM_2025).values_list(
            "user__username", "unit__code", "role"
        )
    ) == {
        ("tinh.moi", "95", Role.PROVINCE_OFFICER),
        ("tinh.cu", "95", Role.PROVINCE_OFFICER),
        ("xa.an", "95001", Role.COMMUNE_OFFICER),
        ("totruong.dong", new_village.code, Role.TEAM_LEADER),
    }
    # The team leader logs today's session for the carried team.
    session = activity_create(
        actor=reform.leader,
        body=team,
        entry=Entry(timezone.localdate(), "vneid", 9),
    )
    assert session.body == team and session.unit_id == new_village.pk
    with pytest.raises(
        ValidationError,
        match=r"thôi hoạt động từ ngày 01/7/2025\. Hãy ghi buổi này cho Tổ CNSCĐ thôn "
        r"Đông \(Thôn Đông\), tổ tiếp nối\.",
    ):
        activity_create(
            actor=reform.leader,
            body=reform.team,
            entry=Entry(timezone.localdate(), "vneid", 9),
        )
    event = AuditEvent.objects.get(action="network.carry_over")
    assert event.after["teams"] == 2 and event.actor_name == "tinh.moi"


def test_a_second_run_changes_nothing(reform: Reform) -> None:
    first = carry_over(actor=reform.officer, province=reform.n, accept_proposals=True)
    assert first.stored
    after = _state()
    again = carry_over(actor=reform.officer, province=reform.n, accept_proposals=True)
    assert (
        again.villages,
        again.teams,
        again.members,
        again.committees_closed,
        again.committees_created,
        again.assignments,
    ) == (0, 0, 0, 0, 0, 0)
    assert _state() == after


def test_bad_choices_and_other_actors_are_refused(reform: Reform) -> None:
    before = _state()
    with pytest.raises(ValidationError, match="không phải một xã mới nhận"):
        carry_over(actor=reform.officer, province=reform.n, choices={"90002": "95009"})
    with pytest.raises(ValidationError, match="Không có trong kế hoạch"):
        carry_over(actor=reform.officer, province=reform.n, choices={"90001": "95001"})
    for other in (reform.old_officer, reform.commune_officer, reform.leader):
        with pytest.raises(PermissionDenied):
            carry_over(actor=other, province=reform.n, accept_proposals=True)
    with pytest.raises(ValidationError, match="cơ cấu từ 01/7/2025"):
        carry_over(actor=SYSTEM, province=reform.p)
    assert _state() == before


def test_the_command_prints_the_plan_as_json(reform: Reform) -> None:
    out = StringIO()
    call_command("carry_over", unit="95", dry_run=True, json=True, stdout=out)
    plan = json.loads(out.getvalue())
    assert plan["stored"] is False and plan["teams"] == 2
    assert [c["legacy_unit"] for c in plan["needs_choice"]] == ["90002"]
    out = StringIO()
    call_command("carry_over", unit="95", choose=["90002=95001"], stdout=out)
    assert "2 tổ, 4 thành viên được chuyển" in out.getvalue()
    assert out.getvalue().strip().endswith("Đã lưu.")
