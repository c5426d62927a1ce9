"""The inputs an evaluation reads for each unit at once: indicator figures,
targets, the team network and a village's team, and constants."""

import datetime as dt
from decimal import Decimal

from cnscd.core.periods import Period
from cnscd.core.system import Actor
from cnscd.evaluation.models import Criterion, Target
from cnscd.evaluation.scoring import (
    COVERAGE_REFS,
    TEAM_REFS,
    Sources,
    constant,
    is_indicator_ref,
)
from cnscd.indicators.models import Indicator
from cnscd.indicators.selectors import structure_day, values_for_units
from cnscd.teams.coverage import NetworkTotals, TeamFacts, network_totals, team_facts
from cnscd.units.models import AdministrativeUnit

Values = dict[str, Decimal | None]


def _by_day(
    units: list[AdministrativeUnit], period: Period
) -> dict[dt.date, list[AdministrativeUnit]]:
    """The units grouped by the day their structure is read on for the period."""
    out: dict[dt.date, list[AdministrativeUnit]] = {}
    for unit in units:
        out.setdefault(structure_day(unit, period), []).append(unit)
    return out


def teams_at(
    *, actor: Actor, units: list[AdministrativeUnit], period: Period
) -> dict[int, TeamFacts]:
    """unit id → its village team as of the period's end (if it has one)."""
    teams: dict[int, TeamFacts] = {}
    for day, group in _by_day(units, period).items():
        teams |= team_facts(actor=actor, units=group, day=min(day, period.end))
    return teams


def gather_inputs(
    *,
    actor: Actor,
    units: list[AdministrativeUnit],
    period: Period,
    refs: set[str],
    teams: dict[int, TeamFacts] | None = None,
) -> dict[int, Values]:
    """unit id → {reference → number} for indicators, targets, the team network,
    a village's team (`teams` if the caller read them already) and constants,
    for every unit at once (a few queries whatever their number)."""
    out: dict[int, Values] = {u.pk: {} for u in units}
    indicators = list(
        Indicator.objects.filter(code__in={r for r in refs if is_indicator_ref(r)})
    )
    values = values_for_units(units, indicators, period)
    target_codes = {r[7:] for r in refs if r.startswith("target:")}
    targets = (
        {
            (t.unit_id, t.indicator.code): t.value
            for t in Target.objects.filter(
                unit__in=units, period=period.code, indicator__code__in=target_codes
            ).select_related("indicator")
        }
        if target_codes
        else {}
    )
    coverage_refs = refs & set(COVERAGE_REFS)
    team_refs = refs & set(TEAM_REFS)
    network: dict[int, NetworkTotals] = {}
    if coverage_refs:
        for day, group in _by_day(units, period).items():
            network |= network_totals(actor=actor, units=group, day=day)
    if team_refs and teams is None:
        teams = teams_at(actor=actor, units=units, period=period)
    for unit in units:
        row = out[unit.pk]
        for ind in indicators:
            row[ind.code] = values[(unit.pk, ind.pk)]
        for ref in refs:
            if ref.startswith("target:"):
                row[ref] = targets.get((unit.pk, ref[7:]))
            elif (number := constant(ref)) is not None:
                row[ref] = number
        if coverage_refs:
            cov = network[unit.pk]
            share = (
                cov.villages_with_team * 100 / cov.villages if cov.villages else None
            )
            row["coverage:teams"] = Decimal(cov.teams)
            row["coverage:team_members"] = Decimal(cov.team_members)
            row["coverage:villages_with_team_pct"] = (
                None if share is None else Decimal(str(round(share, 2)))
            )
        if team_refs:
            row |= _team_values((teams or {}).get(unit.pk))
    return out


def _team_values(team: TeamFacts | None) -> Values:
    """A village team's facts as inputs; all None where the village has none."""
    if team is None:
        return dict.fromkeys(TEAM_REFS)
    return {
        "team:members": Decimal(team.members),
        "team:has_decision": Decimal(int(team.has_decision)),
        "team:has_leader": Decimal(int(team.has_leader)),
        "team:partner_members": Decimal(team.partner_members),
    }


def sources_of(criterion: Criterion) -> Sources:
    return Sources(tuple(p.strip() for p in criterion.sources.split("/") if p.strip()))
