"""Targets and progress: what each unit was assigned, what it has achieved,
the target pro-rated to today and a projection. A unit without a figure has
no percentage and is never "the most behind" (a blank is not a zero)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from cnscd.core.periods import Period
from cnscd.core.system import Actor
from cnscd.evaluation.models import Target
from cnscd.indicators.models import Indicator
from cnscd.indicators.selectors import structure_day, values_for_units
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import scope_q, units_visible_to


@dataclass
class Progress:
    unit: AdministrativeUnit
    indicator: Indicator
    target: Target | None
    achieved: Decimal | None
    expected_now: Decimal | None  # the target pro-rated to today
    projection: Decimal | None  # the pace so far carried to the period's end

    @property
    def percent(self) -> float | None:
        if self.target is None or not self.target.value or self.achieved is None:
            return None
        return round(float(self.achieved / self.target.value * 100), 1)

    @property
    def behind(self) -> Decimal | None:
        """How far the achieved figure lags the pro-rated target (0 if ahead);
        unknown while the unit has no figure: a blank is not a zero."""
        if self.expected_now is None or self.achieved is None:
            return None
        return max(Decimal(0), self.expected_now - self.achieved)

    @property
    def pace(self) -> float | None:
        if not self.expected_now or self.achieved is None:
            return None
        return float(self.achieved / self.expected_now)


def elapsed_share(period: Period, today: dt.date) -> Decimal:
    """The share of the period gone by at the end of `today` (0 to 1)."""
    if today < period.start:
        return Decimal(0)
    if today >= period.end:
        return Decimal(1)
    days = (period.end - period.start).days + 1
    return Decimal((today - period.start).days + 1) / Decimal(days)


def targets_visible_to(actor: Actor) -> QuerySet[Target]:
    return Target.objects.filter(scope_q(actor, "unit__path"))


def latest_target_period(*, actor: Actor, unit: AdministrativeUnit) -> str:
    """The period of the targets last assigned to the unit or its children, or
    the current year when there are none."""
    found = (
        targets_visible_to(actor)
        .filter(Q(unit=unit) | Q(unit__parent=unit))
        .order_by("-updated_at")
        .values_list("period", flat=True)
        .first()
    )
    return found or str(timezone.localdate().year)


def target_progress(
    *,
    actor: Actor,
    unit: AdministrativeUnit,
    period: Period,
    indicators: list[Indicator] | None = None,
    today: dt.date | None = None,
) -> list[Progress]:
    """Targets of the unit's children (and the unit itself, first) with what
    they have achieved, the pro-rated expectation and a projection; sorted with
    the units most behind first for each indicator."""
    today = today or timezone.localdate()
    children = list(
        units_visible_to(actor)
        .filter(parent=unit)
        .valid_on(structure_day(unit, period))
        .order_by("code")
    )
    units = [unit, *children]
    targets = {
        (t.unit_id, t.indicator_id): t
        for t in targets_visible_to(actor)
        .filter(unit__in=units, period=period.code)
        .select_related("indicator")
    }
    if indicators is None:
        ids = {k[1] for k in targets}
        indicators = list(Indicator.objects.filter(pk__in=ids).order_by("code"))
    values = values_for_units(units, indicators, period)
    share = elapsed_share(period, today)
    rows = []
    for ind in indicators:
        block = []
        for u in units:
            t = targets.get((u.pk, ind.pk))
            achieved = values[(u.pk, ind.pk)]
            expected = (t.value * share).quantize(Decimal(1)) if t else None
            projection = (
                ((achieved or Decimal(0)) / share).quantize(Decimal(1))
                if share and achieved is not None
                else None
            )
            block.append(Progress(u, ind, t, achieved, expected, projection))
        own, rest = block[0], block[1:]
        rest.sort(
            key=lambda p: (p.target is None, p.pace if p.pace is not None else 9e9)
        )
        rows += [own, *rest]
    return rows
