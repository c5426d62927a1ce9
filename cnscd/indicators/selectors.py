"""Reads of forms, values and totals — scoped to the actor."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from cnscd.accounts.models import PARTNER_KINDS, Organisation
from cnscd.core.formatting import format_number
from cnscd.core.periods import Period, standard_pieces
from cnscd.core.roles import NON_PARTNER_ROLES, Role
from cnscd.core.system import Actor
from cnscd.core.text import lower_first
from cnscd.indicators.choices import TimeAggregation, UnitAggregation
from cnscd.indicators.models import DataValue, Form, Indicator, Report, Rollup
from cnscd.units.models import AdministrativeUnit, ancestor_paths, path_upper_bound
from cnscd.units.selectors import former_rows, scope_paths, scope_q, units_visible_to

PARTNER_PREFIX = "partner="


def partner_key(organisation_id: int | None) -> str:
    """The disaggregation key of an organisation's part of a value."""
    return f"{PARTNER_PREFIX}{organisation_id}"


def form_get(code: str) -> Form:
    form = Form.objects.filter(code=code).first()
    if form is None:
        raise Http404
    return form


def form_indicators(form: Form) -> list[Indicator]:
    return [
        c.indicator for c in form.columns.select_related("indicator").order_by("order")
    ]


def structure_day(unit: AdministrativeUnit, period: Period) -> dt.date:
    """The day whose structure a period is shown in: the period's end, or the last
    day the unit existed (a 2023 value of a district stays under that district)."""
    day = period.end
    if unit.valid_until and day > unit.valid_until:
        day = unit.valid_until
    if unit.valid_from and day < unit.valid_from:
        day = unit.valid_from
    return day


@dataclass
class PivotRow:
    unit: AdministrativeUnit
    values: dict[str, Decimal | None]
    # Where the unit's own figure counts and its children's sum differs from
    # it: that sum, shown beside as a check (ADR 0013).
    below: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Pivot:
    unit: AdministrativeUnit
    period: Period
    form: Form
    columns: list[Indicator]
    rows: list[PivotRow] = field(default_factory=list)
    total: dict[str, Decimal | None] = field(default_factory=dict)
    # The unit's own figure where it reported one that differs from the rows'
    # total: that is the figure that counts for it, everywhere.
    own: dict[str, Decimal] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    # A 2025 province before the reform: the legacy provinces its rows (their
    # districts, under their former names) come from.
    former: list[AdministrativeUnit] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def num(v: Decimal | None) -> int | float | None:
            if v is None:
                return None
            return int(v) if v == v.to_integral_value() else float(round(v, 4))

        return {
            "unit_code": self.unit.code,
            "period": self.period.code,
            "columns": [{"code": c.code, "name": c.name} for c in self.columns],
            "rows": [
                {
                    "unit_code": r.unit.code,
                    "name": r.unit.name,
                    "values": {k: num(v) for k, v in r.values.items()},
                    "below": {k: num(v) for k, v in r.below.items()},
                }
                for r in self.rows
            ],
            "total": {k: num(v) for k, v in self.total.items()},
            "own": {k: num(v) for k, v in self.own.items()},
            "findings": self.findings,
            "former": [{"unit_code": u.code, "name": u.name} for u in self.former],
        }


def _combine(
    indicator: Indicator, spans: list[tuple[int, int, Decimal, int]]
) -> Decimal | None:
    """Fold rollup spans (first, last, total, count) of one unit into one value."""
    if not spans:
        return None
    spans = [s for s in spans if s[3]]
    if not spans:
        return None
    if indicator.time_aggregation == TimeAggregation.LAST:
        # The latest span's figure; of spans ending together (June and the
        # half-year) the longest, which is the one reported for the period.
        spans = [min(spans, key=lambda s: (-s[1], s[0]))]
    total = sum((s[2] for s in spans), Decimal(0))
    count = sum(s[3] for s in spans)
    if indicator.unit_aggregation == UnitAggregation.AVERAGE:
        return (total / count).quantize(Decimal("0.01")) if count else None
    return total


def _span_rows(
    unit_ids: list[int], indicator_ids: list[int], period: Period
) -> QuerySet[Rollup, tuple[int, int, int, int, Decimal, int]]:
    """The units' rows of every span inside the period (no container rows)."""
    return Rollup.objects.filter(
        unit_id__in=unit_ids,
        indicator_id__in=indicator_ids,
        first_month__gte=period.first_month,
        last_month__lte=period.last_month,
        container=False,
    ).values_list(
        "unit_id", "indicator_id", "first_month", "last_month", "total", "count"
    )


def values_for_units(
    units: list[AdministrativeUnit], indicators: list[Indicator], period: Period
) -> dict[tuple[int, int], Decimal | None]:
    """(unit, indicator) → the value over `period` from the roll-ups (two queries)."""
    unit_ids = [u.pk for u in units]
    out: dict[tuple[int, int], Decimal | None] = {
        (u, i.pk): None for u in unit_ids for i in indicators
    }
    summed = {
        i.pk: i.unit_aggregation == UnitAggregation.AVERAGE
        for i in indicators
        if i.time_aggregation == TimeAggregation.SUM
        and i.unit_aggregation != UnitAggregation.MAX
    }
    if summed:
        # A standard period's figures are kept as is (its own span plus the
        # container rows of smaller spans inside it); any other range is the
        # sum of the standard periods it is made of. One row per unit and
        # indicator either way.
        whole = standard_pieces(period.first_month, period.last_month)
        pieces = Q()
        for first, last in whole:
            pieces |= Q(first_month=first, last_month=last)
        grouped: dict[tuple[int, int], list[Any]] = defaultdict(lambda: [Decimal(0), 0])
        for unit_id, ind_id, total, count in (
            Rollup.objects.filter(
                pieces, unit_id__in=unit_ids, indicator_id__in=list(summed)
            )
            .order_by()
            .values("unit_id", "indicator_id")
            .annotate(t=Sum("total"), c=Sum("count"))
            .values_list("unit_id", "indicator_id", "t", "c")
        ):
            grouped[(unit_id, ind_id)] = [total, count]
        if len(whole) > 1:
            # Values of a range of months (202302-202304) that no piece holds.
            for unit_id, ind_id, first, last, total, count in _span_rows(
                unit_ids, list(summed), period
            ):
                if not any(a <= first and last <= b for a, b in whole):
                    grouped[(unit_id, ind_id)][0] += total
                    grouped[(unit_id, ind_id)][1] += count
        for (unit_id, ind_id), (total, count) in grouped.items():
            if not count:  # rows kept for their other sums: nothing counts here
                continue
            if summed[ind_id]:  # an average over the units' values
                out[(unit_id, ind_id)] = (total / count).quantize(Decimal("0.01"))
            else:
                out[(unit_id, ind_id)] = total
    # "Last value" indicators need every span to find the latest one.
    latest = {
        i.pk: i
        for i in indicators
        if i.time_aggregation != TimeAggregation.SUM
        and i.unit_aggregation != UnitAggregation.MAX
    }
    if latest:
        spans: dict[tuple[int, int], list[tuple[int, int, Decimal, int]]] = defaultdict(
            list
        )
        for unit_id, ind_id, first, last, total, count in _span_rows(
            unit_ids, list(latest), period
        ):
            spans[(unit_id, ind_id)].append((first, last, total, count))
        for key, found in spans.items():
            out[key] = _combine(latest[key[1]], found)
    for ind in indicators:
        if ind.unit_aggregation == UnitAggregation.MAX:
            for u in units:
                out[(u.pk, ind.pk)] = _max_from_facts(u, ind, period)
    return out


def _max_from_facts(
    unit: AdministrativeUnit, indicator: Indicator, period: Period
) -> Decimal | None:
    """A maximum cannot be maintained by adding; read it from the values."""
    from django.db.models import Max

    found: Decimal | None = DataValue.objects.filter(
        indicator=indicator,
        disaggregation="",
        unit__path__gte=unit.path,
        unit__path__lt=path_upper_bound(unit.path),
        first_month__gte=period.first_month,
        last_month__lte=period.last_month,
    ).aggregate(m=Max("value"))["m"]
    return found


# What a pivot row shows of its unit (the rest of the row is not loaded).
PIVOT_UNIT_FIELDS = ("id", "code", "name", "short_name", "path", "level", "structure")


def pivot(
    *, actor: Actor, unit: AdministrativeUnit, period: Period, form: Form
) -> Pivot:
    """Rows = the unit's children in the structure of the period, columns = the
    form's indicators; the total row is the sum of the rows shown (the average
    of them for averaged indicators). A 2025 province before the reform shows
    the rows its figures were reported in: the districts of the legacy
    provinces it took in, whose sum is its figure (issue #15)."""
    columns = form_indicators(form)
    day = structure_day(unit, period)
    former, children = former_rows(actor, unit, period.end)
    if not former:
        children = list(
            units_visible_to(actor)
            .filter(parent=unit)
            .valid_on(day)
            .order_by("code")
            .only(*PIVOT_UNIT_FIELDS)
        )
    values = values_for_units(children, columns, period)
    checks = figure_checks([unit, *children], columns, period)
    result = Pivot(unit=unit, period=period, form=form, columns=columns, former=former)
    for child in children:
        row = PivotRow(child, {c.code: values[(child.pk, c.pk)] for c in columns})
        for c in columns:
            own, below = checks.get((child.pk, c.pk), (None, None))
            if own is not None and below is not None and below != own:
                row.below[c.code] = below
                result.findings.append(differs_message(child, c, own, below))
        result.rows.append(row)
    for c in columns:
        shown: list[Decimal] = [
            v for r in result.rows if (v := r.values[c.code]) is not None
        ]
        if not shown:
            result.total[c.code] = None
        elif c.unit_aggregation == UnitAggregation.AVERAGE:
            result.total[c.code] = (sum(shown, Decimal(0)) / len(shown)).quantize(
                Decimal("0.01")
            )
        elif c.unit_aggregation == UnitAggregation.MAX:
            result.total[c.code] = max(shown)
        else:
            result.total[c.code] = sum(shown, Decimal(0))
        own, below = checks.get((unit.pk, c.pk), (None, None))
        if own is not None and own != result.total[c.code]:
            result.own[c.code] = own
            if below is not None and below != own:
                result.findings.insert(0, differs_message(unit, c, own, below))
    return result


def figure_checks(
    units: list[AdministrativeUnit], indicators: list[Indicator], period: Period
) -> dict[tuple[int, int], tuple[Decimal, Decimal | None]]:
    """(unit, indicator) → (own figure, children's sum or None) where a unit
    reported a figure of its own for the period, which is the one that counts.
    Summed indicators over a standard period (a latest value or an average has
    no sum to check)."""
    if not period.is_standard:
        return {}
    summed = [
        i.pk
        for i in indicators
        if i.time_aggregation == TimeAggregation.SUM
        and i.unit_aggregation == UnitAggregation.SUM
    ]
    sums: dict[tuple[int, int], list[Any]] = defaultdict(
        lambda: [Decimal(0), 0, Decimal(0), 0]
    )
    for unit_id, ind_id, own_t, own_c, below_t, below_c in Rollup.objects.filter(
        unit_id__in=[u.pk for u in units],
        indicator_id__in=summed,
        first_month=period.first_month,
        last_month=period.last_month,
    ).values_list(
        "unit_id",
        "indicator_id",
        "own_total",
        "own_count",
        "below_total",
        "below_count",
    ):
        acc = sums[(unit_id, ind_id)]
        for i, v in enumerate((own_t, own_c, below_t, below_c)):
            acc[i] += v
    return {
        key: (own_t, below_t if below_c else None)
        for key, (own_t, own_c, below_t, below_c) in sums.items()
        if own_c
    }


CHILDREN = {
    "country": "các tỉnh, thành phố",
    "district": "các xã",
    "commune": "các thôn, tổ dân phố",
}


def differs_message(
    unit: AdministrativeUnit, indicator: Indicator, own: Decimal, below: Decimal
) -> str:
    """“Huyện Thanh Miện báo cáo 159 buổi, các xã cộng lại 14.”"""
    children = CHILDREN.get(unit.level) or (
        "các huyện" if unit.structure == "legacy" else "các xã"
    )
    return (
        f"{unit.name} báo cáo {format_number(own)} {indicator.measure} "
        f"({lower_first(indicator.name)}), {children} cộng lại "
        f"{format_number(below)}; số của {unit.name} được dùng."
    )


def cell_sources(
    *, actor: Actor, unit: AdministrativeUnit, indicator: Indicator, period: Period
) -> QuerySet[DataValue]:
    """The raw values behind a pivot cell, with their provenance. A partner
    reporter sees the totals and its own organisation's parts, never another
    partner's figures."""
    return (
        DataValue.objects.filter(value_scope_q(actor))
        .filter(
            indicator=indicator,
            unit__path__gte=unit.path,
            unit__path__lt=path_upper_bound(unit.path),
            first_month__gte=period.first_month,
            last_month__lte=period.last_month,
        )
        .select_related("unit", "report", "updated_by")
        .order_by("unit__path", "period")
    )


@dataclass
class Source:
    """A raw value behind a figure, and the unit whose own figure it gives way
    to (None when it counts)."""

    value: DataValue
    replaced_by: AdministrativeUnit | None


def counted(values: QuerySet[DataValue], unit: AdministrativeUnit) -> list[Source]:
    """Which values make the unit's figure (ADR 0013): a value counts unless a
    unit above it, up to `unit`, has an own value in the period — then that
    unit's figure is used and the value is shown as its check."""
    rows = list(values)
    owners = {v.unit.path: v.unit for v in rows if not v.disaggregation}
    out = []
    for v in rows:
        top = next(
            (
                owners[p]
                for p in ancestor_paths(v.unit.path)
                if p.startswith(unit.path) and p in owners
            ),
            v.unit,
        )
        out.append(Source(v, None if top.pk == v.unit.pk else top))
    return out


def value_scope_q(actor: Actor) -> Q:
    """Values the actor may read: everything in the subtrees of their roles but
    partner reporter; under a partner assignment, the totals and that
    organisation's parts."""
    if scope_paths(actor) is None:
        return Q()
    q = (
        scope_q(actor, "unit__path", roles=NON_PARTNER_ROLES)
        if scope_paths(actor, roles=NON_PARTNER_ROLES)
        else Q(pk__in=[])
    )
    for a in actor.assignments.filter(role=Role.PARTNER_REPORTER).select_related(
        "unit"
    ):
        q |= Q(
            unit__path__gte=a.unit.path,
            unit__path__lt=path_upper_bound(a.unit.path),
        ) & (Q(disaggregation="") | Q(disaggregation=partner_key(a.organisation_id)))
    return q


def reports_visible_to(actor: Actor) -> QuerySet[Report]:
    return Report.objects.filter(scope_q(actor, "unit__path"))


def partners_of(form: Form) -> list[Organisation]:
    """The organisations that report the form (or whose parts it breaks down):
    its chosen ones, or else the active telecom, post and bank organisations."""
    chosen = list(form.target_organisations.filter(is_active=True))
    return chosen or list(
        Organisation.objects.filter(is_active=True, kind__in=PARTNER_KINDS).order_by(
            "name"
        )
    )


def latest_period(period_type: str, day: dt.date) -> Period:
    """The last complete period of a type that ended before `day`."""
    from cnscd.core.periods import parse_period

    first_of_month = day.replace(day=1)
    last_month_end = first_of_month - dt.timedelta(days=1)
    y, m = last_month_end.year, last_month_end.month
    match period_type:
        case "monthly":
            return parse_period(f"{y}{m:02d}")
        case "quarterly":
            q = (m - 1) // 3 + 1 if m % 3 == 0 else (m - 1) // 3
            return parse_period(f"{y}Q{q}") if q else parse_period(f"{y - 1}Q4")
        case "sixmonthly":
            if m == 12:
                return parse_period(f"{y}S2")
            return parse_period(f"{y}S1") if m >= 6 else parse_period(f"{y - 1}S2")
        case _:
            return parse_period(f"{y if m == 12 else y - 1}")


def period_due(form: Form, unit: AdministrativeUnit, today: dt.date) -> Period:
    """The form's last period complete today, or complete on the unit's last
    day for a unit of the former structure."""
    last = min(today, unit.valid_until or today)
    return latest_period(form.period_type, last + dt.timedelta(days=1))


def form_for_level(level: str) -> Form | None:
    """The form that sums up units of `level` (rows of a pivot, an appendix):
    the one marked as appendix first."""
    return Form.objects.filter(target_level=level).order_by("-appendix", "code").first()
