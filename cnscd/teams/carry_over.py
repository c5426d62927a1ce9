"""Carrying a province's network across the 2025 reform (issue #15, ADR 0014).

For a province of the 2025 structure, the plan follows the official
legacy → 2025 correspondence: each legacy village goes to the 2025 commune
that received its legacy commune (the primary link where the commune was split,
listed under "needs a choice"); each community team moves with its members,
positions, partner members and decisions; the legacy committees close on the
reform day with their successor; officers' and team members' assignments go to
the successor units. One transaction, all or nothing; a second run finds
everything carried and changes nothing; a dry run reports the same counts and
rolls back."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cnscd.accounts.models import Assignment
from cnscd.core import audit
from cnscd.core.formatting import format_date
from cnscd.core.roles import Role
from cnscd.core.system import Actor
from cnscd.core.text import search_key
from cnscd.teams.choices import BodyKind, BodyStatus
from cnscd.teams.models import Body, Decision, Membership
from cnscd.units.choices import REFORM_DATE, Level, Structure
from cnscd.units.models import AdministrativeUnit, UnitCorrespondence
from cnscd.units.selectors import can_manage, legacy_units_carried_into
from cnscd.units.services import lock_unit, new_village, next_village_code

LAST_LEGACY_DAY = REFORM_DATE - dt.timedelta(days=1)
REASON = "Sắp xếp đơn vị hành chính"


@dataclass
class Choice:
    """A legacy commune split between several 2025 communes."""

    legacy_unit: str
    legacy_name: str
    proposed: str
    candidates: list[str]
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "legacy_unit": self.legacy_unit,
            "legacy_name": self.legacy_name,
            "proposed": self.proposed,
            "candidates": self.candidates,
            "reason": self.reason,
        }


@dataclass
class CarryResult:
    stored: bool = False
    villages: int = 0
    teams: int = 0
    members: int = 0
    committees_closed: int = 0
    committees_created: int = 0
    assignments: int = 0
    needs_choice: list[Choice] = field(default_factory=list)
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "villages": self.villages,
            "teams": self.teams,
            "members": self.members,
            "committees_closed": self.committees_closed,
            "committees_created": self.committees_created,
            "assignments": self.assignments,
            "needs_choice": [c.as_dict() for c in self.needs_choice],
            "message": self.message,
        }


class _DryRun(Exception):
    pass


def carry_over(
    *,
    actor: Actor,
    province: AdministrativeUnit,
    dry_run: bool = False,
    accept_proposals: bool = False,
    choices: dict[str, str] | None = None,
) -> CarryResult:
    """Plan and (unless `dry_run`) apply the carry-over into `province`.

    `choices` maps a split legacy commune's code to the 2025 commune chosen for
    its villages; without a choice for every split commune nothing is stored
    unless `accept_proposals`."""
    if province.structure != Structure.FROM_2025 or province.level != Level.PROVINCE:
        raise ValidationError("Hãy chọn một tỉnh, thành phố theo cơ cấu từ 01/7/2025.")
    if not can_manage(actor, province):
        raise PermissionDenied("Bạn không quản lý tỉnh, thành phố này.")
    result = CarryResult()
    try:
        with transaction.atomic():
            lock_unit(province)
            _apply(actor, province, choices or {}, accept_proposals, result)
            pending = [
                c for c in result.needs_choice if c.legacy_unit not in (choices or {})
            ]
            if dry_run or (pending and not accept_proposals):
                if pending and not dry_run:
                    result.message = (
                        f"Còn {len(pending)} xã cũ được chia cho nhiều xã mới cần chọn "
                        "nơi nhận thôn: chọn cho từng xã, hoặc chấp nhận đề xuất."
                    )
                raise _DryRun
            audit.record(
                actor=actor,
                action="network.carry_over",
                obj=province,
                unit_path=province.path,
                after={k: v for k, v in result.as_dict().items() if k != "message"},
                message=REASON,
            )
            result.stored = True
    except _DryRun:
        result.stored = False
    return result


def _apply(
    actor: Actor,
    province: AdministrativeUnit,
    choices: dict[str, str],
    accept_proposals: bool,
    result: CarryResult,
) -> None:
    legacy = legacy_units_carried_into(actor, province)
    communes = {u.pk: u for u in legacy if u.level == Level.COMMUNE}
    links: dict[int, list[tuple[AdministrativeUnit, bool]]] = defaultdict(list)
    for link in (
        UnitCorrespondence.objects.filter(
            legacy_id__in=list(communes),
            successor__level=Level.COMMUNE,
            successor__path__startswith=province.path,
        )
        .select_related("successor")
        .order_by("successor__code")
    ):
        links[link.legacy_id].append((link.successor, link.is_primary))
    target: dict[int, AdministrativeUnit] = {}
    for pk, commune in sorted(communes.items(), key=lambda kv: kv[1].code):
        successors = links.get(pk, [])
        if not successors:
            continue
        proposed = next((s for s, primary in successors if primary), successors[0][0])
        if len(successors) > 1:
            codes = [s.code for s, _ in successors]
            chosen = choices.get(commune.code)
            if chosen is not None and chosen not in codes:
                raise ValidationError(
                    f"{commune.name} (mã {commune.code}): “{chosen}” không phải một "
                    f"xã mới nhận địa bàn của xã này ({', '.join(codes)})."
                )
            result.needs_choice.append(
                Choice(
                    commune.code,
                    commune.name,
                    proposed.code,
                    codes,
                    f"{commune.name} được chia cho {len(codes)} xã, phường mới; đề "
                    "xuất xã nhận phần chính theo bảng tương ứng chính thức.",
                )
            )
            if chosen is not None:
                proposed = next(s for s, _ in successors if s.code == chosen)
        target[pk] = proposed
    unknown = set(choices) - {c.legacy_unit for c in result.needs_choice}
    if unknown:
        raise ValidationError(
            "Không có trong kế hoạch (không phải xã cũ bị chia thuộc tỉnh này): "
            + ", ".join(sorted(unknown))
            + "."
        )
    villages = _carry_villages(legacy, target, result)
    _carry_teams(villages, result)
    _close_committees(province, legacy, target, result)
    _carry_assignments(actor, province, legacy, target, villages, result)


def _carry_villages(
    legacy: list[AdministrativeUnit],
    target: dict[int, AdministrativeUnit],
    result: CarryResult,
) -> dict[int, AdministrativeUnit]:
    """legacy village id → its 2025 village, made where missing. A village
    already carried keeps its successor (a second run changes nothing); a
    2025 village of the same name made by hand is taken over; two villages of
    one name from different legacy communes keep both, the second named with
    its former commune."""
    parent_of = {
        u.pk: u.parent_id
        for u in legacy
        if u.level == Level.VILLAGE and u.parent_id is not None
    }
    olds = [u for u in legacy if parent_of.get(u.pk) in target]
    done = {
        link.legacy_id: link.successor
        for link in UnitCorrespondence.objects.filter(
            legacy__in=olds, successor__structure=Structure.FROM_2025
        ).select_related("successor")
    }
    out = dict(done)
    taken: dict[int, dict[str, AdministrativeUnit]] = defaultdict(dict)
    codes: dict[int, list[str]] = defaultdict(list)
    for village in AdministrativeUnit.objects.filter(
        parent__in={t.pk for t in target.values()}, level=Level.VILLAGE
    ):
        taken[village.parent_id or 0].setdefault(village.search_key, village)
        codes[village.parent_id or 0].append(village.code)
    carried_here = {v.pk for v in done.values()}
    by_pk = {u.pk: u for u in legacy}
    for old in sorted(olds, key=lambda u: u.path):
        if old.pk in out:
            continue
        commune = target[parent_of[old.pk]]
        name = old.name
        existing = taken[commune.pk].get(search_key(name))
        if existing is not None and existing.pk in carried_here:
            former = by_pk[parent_of[old.pk]].short_name
            name = f"{old.name} ({former} cũ)"
            existing = taken[commune.pk].get(search_key(name))
        if existing is None:
            code = next_village_code(commune.code, codes[commune.pk])
            existing = new_village(commune, code, name, old.unit_type)
            existing.latitude = old.latitude or commune.latitude
            existing.longitude = old.longitude or commune.longitude
            existing.save()
            taken[commune.pk][existing.search_key] = existing
            codes[commune.pk].append(code)
        UnitCorrespondence.objects.create(
            legacy=old, successor=existing, is_primary=True
        )
        carried_here.add(existing.pk)
        out[old.pk] = existing
        result.villages += 1
    return out


def _carry_teams(villages: dict[int, AdministrativeUnit], result: CarryResult) -> None:
    """Each community team working at a legacy village on the last legacy day
    moves to the village's successor: a new body there from the reform day,
    with the members of that day (same positions, titles, workplaces) and the
    decisions it works under; the old body is closed as carried over."""
    teams = Body.objects.filter(
        kind=BodyKind.COMMUNITY_TEAM,
        unit_id__in=list(villages),
        status=BodyStatus.ACTIVE,
    ).prefetch_related("decisions", "memberships")
    for old in teams:
        if not old.is_active_on(LAST_LEGACY_DAY):
            continue
        new = Body.objects.create(
            kind=old.kind,
            name=old.name,
            unit=villages[old.unit_id],
            established_on=REFORM_DATE,
            zalo_group_url=old.zalo_group_url,
            zalo_oa_url=old.zalo_oa_url,
            note=(
                f"Chuyển từ {old.unit.name} (cơ cấu trước 01/7/2025) khi sắp xếp đơn "
                f"vị hành chính, ngày {format_date(REFORM_DATE)}."
            ),
        )
        for decision in old.decisions.all():
            Decision.objects.create(
                body=new,
                kind=decision.kind,
                number=decision.number,
                signed_on=decision.signed_on,
                issuer=decision.issuer,
                scan=decision.scan.name,
                note=(decision.note or "Quyết định của tổ trước khi sắp xếp")[:500],
            )
        kept = [
            m
            for m in old.memberships.all()
            if (m.started_on is None or m.started_on <= LAST_LEGACY_DAY)
            and (m.ended_on is None or m.ended_on > LAST_LEGACY_DAY)
        ]
        Membership.objects.bulk_create(
            [
                Membership(
                    person_id=m.person_id,
                    body=new,
                    position=m.position,
                    custom_title=m.custom_title,
                    affiliation_id=m.affiliation_id,
                    affiliation_text=m.affiliation_text,
                    started_on=REFORM_DATE,
                )
                for m in kept
            ]
        )
        Membership.objects.filter(pk__in=[m.pk for m in kept]).update(
            ended_on=REFORM_DATE
        )
        _close(old, BodyStatus.CARRIED, new)
        result.teams += 1
        result.members += len(kept)


def _close(body: Body, status: str, successor: Body | None) -> None:
    Body.objects.filter(pk=body.pk).update(
        status=status,
        ended_on=REFORM_DATE,
        merged_into=successor,
        note=(body.note + "\n" if body.note else "")
        + f"{REASON}: hoạt động đến hết ngày {format_date(LAST_LEGACY_DAY)}"
        + (f", tiếp nối bởi {successor.name}." if successor else "."),
    )
    Membership.objects.filter(body=body, ended_on__isnull=True).update(
        ended_on=REFORM_DATE
    )


def _committee_of(unit: AdministrativeUnit, result: CarryResult) -> Body:
    """The unit's steering committee from the reform day, made if missing."""
    found = Body.objects.filter(
        kind=BodyKind.STEERING_COMMITTEE, unit=unit, status=BodyStatus.ACTIVE
    ).first()
    if found is not None:
        return found
    result.committees_created += 1
    return Body.objects.create(
        kind=BodyKind.STEERING_COMMITTEE,
        name=f"Tổ chỉ đạo triển khai CNSCĐ {unit.name}",
        unit=unit,
        established_on=REFORM_DATE,
        note=f"Lập khi {REASON.lower()} ({format_date(REFORM_DATE)}).",
    )


def _close_committees(
    province: AdministrativeUnit,
    legacy: list[AdministrativeUnit],
    target: dict[int, AdministrativeUnit],
    result: CarryResult,
) -> None:
    """The legacy committees close on the reform day: a commune's is followed
    by the committee of the 2025 commune that received it, a district's and a
    province's by the new province's committee."""
    by_pk = {u.pk: u for u in legacy}
    committees = Body.objects.filter(
        kind=BodyKind.STEERING_COMMITTEE,
        unit_id__in=list(by_pk),
        status=BodyStatus.ACTIVE,
    ).order_by("unit__path")
    provincial: Body | None = None
    for old in committees:
        if not old.is_active_on(LAST_LEGACY_DAY):
            continue
        unit = by_pk[old.unit_id]
        if unit.level == Level.COMMUNE and unit.pk in target:
            successor = _committee_of(target[unit.pk], result)
        elif unit.level in (Level.DISTRICT, Level.PROVINCE):
            provincial = provincial or _committee_of(province, result)
            successor = provincial
        else:
            continue
        _close(old, BodyStatus.MERGED, successor)
        result.committees_closed += 1


# Roles carried to the successor unit; a district officer's unit has no
# successor of its own (the plan lists them, see ADR 0014).
CARRIED_ROLES: dict[str, set[str]] = {
    Level.PROVINCE: {Role.PROVINCE_OFFICER, Role.VIEWER, Role.PARTNER_REPORTER},
    Level.COMMUNE: {Role.COMMUNE_OFFICER, Role.VIEWER},
    Level.VILLAGE: {Role.TEAM_LEADER, Role.TEAM_MEMBER},
}


def _carry_assignments(
    actor: Actor,
    province: AdministrativeUnit,
    legacy: list[AdministrativeUnit],
    target: dict[int, AdministrativeUnit],
    villages: dict[int, AdministrativeUnit],
    result: CarryResult,
) -> None:
    """Each assignment on a legacy province, commune or village gets its twin
    on the successor unit (the legacy one stays, for reading the history)."""
    by_pk = {u.pk: u for u in legacy}
    successor_of: dict[int, AdministrativeUnit] = {
        **target,
        **villages,
        **{u.pk: province for u in legacy if u.level == Level.PROVINCE},
    }
    for a in Assignment.objects.filter(unit_id__in=list(successor_of)):
        unit = by_pk[a.unit_id]
        if a.role not in CARRIED_ROLES.get(unit.level, set()):  # a district's
            continue
        _, created = Assignment.objects.get_or_create(
            user_id=a.user_id,
            unit=successor_of[a.unit_id],
            role=a.role,
            defaults={"organisation_id": a.organisation_id},
        )
        result.assignments += int(created)
