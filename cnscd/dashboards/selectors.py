"""What a unit's dashboard shows, read in the actor's scope: headline figures
with their change, one indicator over time and across the child units, the
child units on a map, the ranking and the completeness of reporting."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404

from cnscd.core.formatting import format_number, format_percent
from cnscd.core.numbers import plain
from cnscd.core.periods import Period
from cnscd.core.system import Actor
from cnscd.evaluation.selectors import EvaluationTable, evaluation_table
from cnscd.indicators.completeness import completeness, counts
from cnscd.indicators.models import Indicator
from cnscd.indicators.selectors import (
    Pivot,
    form_for_level,
    pivot,
    values_for_units,
)
from cnscd.units.choices import ARCHIPELAGOS, Level, Structure, UnitType
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import child_level

SERIES_LENGTH = 6


@dataclass
class Headline:
    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> float | None:
        if self.value is None or not self.previous:
            return None
        return round(float((self.value - self.previous) / self.previous * 100), 1)

    @property
    def change_text(self) -> str:
        if self.value is None:
            return "chưa có số liệu kỳ này"
        if self.previous is None:
            return "chưa có số liệu kỳ trước để so sánh"
        if self.previous == 0:
            # A reported 0 is a figure, not a blank: there is no percentage.
            return "bằng kỳ trước" if self.value == 0 else "▲ so với kỳ trước (0)"
        pct = self.change
        if pct is None:
            return "chưa có số liệu kỳ trước để so sánh"
        if pct == 0:
            return "bằng kỳ trước"
        arrow = "▲" if pct > 0 else "▼"
        return f"{arrow} {format_percent(abs(pct))} so với kỳ trước ({format_number(self.previous)})"


@dataclass
class Dashboard:
    unit: AdministrativeUnit
    period: Period
    indicator: Indicator | None
    columns: list[Indicator]
    headlines: list[Headline]
    table: Pivot | None
    evaluation: EvaluationTable | None
    reported: int = 0
    late: int = 0
    expected: int = 0
    series: list[tuple[str, Decimal | None]] = field(default_factory=list)
    islands: list[dict[str, Any]] = field(default_factory=list)

    def chart_data(self) -> dict[str, Any]:
        """The JSON the charts draw (numbers as numbers, names as text)."""
        code = self.indicator.code if self.indicator else None
        bands = {}
        if self.evaluation is not None:
            bands = {r.unit.pk: r.band for r in self.evaluation.rows}
        rows = self.table.rows if self.table is not None else []
        return {
            "indicator": self.indicator.name if self.indicator else "",
            "measure": self.indicator.measure if self.indicator else "",
            "series": [
                {"period": label, "value": plain(v)} for label, v in self.series
            ],
            "children": [
                {
                    "name": r.unit.short_name,
                    "value": plain(r.values.get(code)) if code else None,
                    "band": bands.get(r.unit.pk),
                    "lat": r.unit.latitude,
                    "lon": r.unit.longitude,
                }
                for r in rows
            ],
            "bands": ([b for b in dict.fromkeys(bands.values()) if b]),
            "islands": self.islands,
        }


def periods_back(period: Period, n: int) -> list[Period]:
    out = [period]
    while len(out) < n:
        out.append(out[-1].previous())
    return list(reversed(out))


def dashboard(
    *,
    actor: Actor,
    unit: AdministrativeUnit,
    period: Period,
    indicator_code: str = "",
) -> Dashboard:
    level = child_level(unit)
    form = form_for_level(level) if level else None
    table = None
    columns: list[Indicator] = []
    if form is not None:
        table = pivot(actor=actor, unit=unit, period=period, form=form)
        columns = table.columns
    # The unit's own figures, read as its parent's pivot row and the chart over
    # time read them (one reading path): not the sum of the children's rows,
    # which is blank when the unit's figure came from above (a district whose
    # province imported its appendix) and its communes have not reported.
    now = values_for_units([unit], columns, period)
    before = values_for_units([unit], columns, period.previous())
    headlines = [
        Headline(c, now[(unit.pk, c.pk)], before[(unit.pk, c.pk)]) for c in columns
    ]
    indicator = next((c for c in columns if c.code == indicator_code), None)
    indicator = indicator or (columns[0] if columns else None)
    series: list[tuple[str, Decimal | None]] = []
    if indicator is not None:
        for p in periods_back(period, SERIES_LENGTH):
            series.append(
                (
                    p.label,
                    values_for_units([unit], [indicator], p)[(unit.pk, indicator.pk)],
                )
            )
    evaluation = None
    if level:
        try:
            evaluation = evaluation_table(
                actor=actor, unit=unit, period=period, with_previous=True
            )
        except Http404:
            evaluation = None
    rows = (
        completeness(actor=actor, unit=unit, form=form, period=period)
        if form and not form.from_activities  # nobody sends that one
        else []
    )
    reported, expected, late = counts(rows)
    return Dashboard(
        unit=unit,
        period=period,
        indicator=indicator,
        columns=columns,
        headlines=headlines,
        table=table,
        evaluation=evaluation,
        reported=reported,
        late=late,
        expected=expected,
        series=series,
        islands=archipelagos() if unit.level == Level.COUNTRY else [],
    )


def archipelagos() -> list[dict[str, Any]]:
    """Hoàng Sa and Trường Sa, which every map of the whole country shows
    whatever is plotted, labelled with the province they belong to (the 2025
    special zones carry the islands' centroids)."""
    found = (
        AdministrativeUnit.objects.filter(
            structure=Structure.FROM_2025,
            unit_type=UnitType.DAC_KHU,
            short_name__in=ARCHIPELAGOS,
            latitude__isnull=False,
        )
        .select_related("parent")
        .order_by("code")
    )
    return [
        {
            "name": f"Quần đảo {u.short_name} ({u.parent.short_name if u.parent else ''})",
            "lat": u.latitude,
            "lon": u.longitude,
        }
        for u in found
    ]
