"""Finding and repairing stored figures no path may store any more: not finite
("1e400" typed before the checks), negative, above the platform's ceiling or
above the indicator's own maximum (issue #13, item 2).

Values are read as text with plain SQL: a stored Infinity would break the
ORM's Decimal conversion, which is how such a value broke every page above it.
`cnscd rebuild_rollups --check` reports them; `cnscd repair_values --fix`
removes them (each one audited with what it held, so nothing disappears without
a trace), recomputes the activity log's months and rebuilds the roll-ups.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from cnscd.activities.models import MAX_PEOPLE, Activity
from cnscd.core import audit
from cnscd.core.numbers import MAX_FIGURE
from cnscd.core.system import Actor
from cnscd.evaluation.models import Target
from cnscd.indicators.models import ROLLUP_BOUND, DataValue, Indicator, Rollup
from cnscd.units.models import AdministrativeUnit


@dataclass(frozen=True)
class BadFigure:
    kind: str  # "value", "target", "activity"
    pk: int
    unit: str  # the unit's name
    indicator: str  # the indicator's name ("" for a session)
    period: str
    stored: str  # the stored value as text

    @property
    def label(self) -> str:
        what = {"value": "Số liệu", "target": "Chỉ tiêu", "activity": "Buổi hoạt động"}
        name = f" “{self.indicator}”" if self.indicator else ""
        return (
            f"{what[self.kind]}{name} của {self.unit}, kỳ {self.period}: "
            f"giá trị lưu “{self.stored}” không hợp lệ"
        )


def _out_of_range(column: str, maximum: str) -> str:
    """True where the column is not a finite figure in [0, maximum]; NaN and
    Infinity fail it on both engines (PostgreSQL orders NaN above every
    number; SQLite keeps infinities as REAL)."""
    return f"NOT ({column} >= 0 AND {column} <= {maximum})"


def _rows(sql: str) -> Iterator[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        yield from cursor.fetchall()


def bad_figures() -> list[BadFigure]:
    """Every stored value, target or session outside its bounds."""
    value, indicator = DataValue._meta.db_table, Indicator._meta.db_table
    unit, target = AdministrativeUnit._meta.db_table, Target._meta.db_table
    activity = Activity._meta.db_table
    ceiling = str(int(MAX_FIGURE))
    found: list[BadFigure] = []
    for kind, table, column, period, extra, maximum in [
        (
            "value",
            value,
            "value",
            "t.period",
            " OR (i.max_value IS NOT NULL AND t.value > i.max_value)",
            ceiling,
        ),
        ("target", target, "value", "t.period", "", ceiling),
    ]:
        sql = (
            f"SELECT t.id, u.name, i.name, {period}, CAST(t.{column} AS TEXT) "  # noqa: S608 (table names from models, no user text)
            f"FROM {table} t JOIN {indicator} i ON i.id = t.indicator_id "
            f"JOIN {unit} u ON u.id = t.unit_id "
            f"WHERE {_out_of_range('t.' + column, maximum)}{extra} ORDER BY t.id"
        )
        found += [BadFigure(kind, *row) for row in _rows(sql)]
    sql = (
        f"SELECT t.id, u.name, '', CAST(t.held_on AS TEXT), "  # noqa: S608 (as above)
        f"CAST(t.people_guided AS TEXT) FROM {activity} t "
        f"JOIN {unit} u ON u.id = t.unit_id "
        f"WHERE {_out_of_range('t.people_guided', str(MAX_PEOPLE))} ORDER BY t.id"
    )
    found += [BadFigure("activity", *row) for row in _rows(sql)]
    return found


@transaction.atomic
def repair(*, actor: Actor) -> list[BadFigure]:
    """Remove every bad figure (audited with what it held), recompute the
    activity log's months it fed and rebuild the roll-ups. A removed value
    reads as missing, never as zero: the unit enters it again."""
    from cnscd.activities.services import refresh_month
    from cnscd.indicators.rollups import rebuild

    found = bad_figures()
    months: set[tuple[int, int, int]] = set()
    for bad in found:
        model: Any = {"value": DataValue, "target": Target, "activity": Activity}[
            bad.kind
        ]
        row = model.objects.filter(pk=bad.pk).values("unit_id", "unit__path").get()
        if bad.kind == "activity":
            day = Activity.objects.filter(pk=bad.pk).values_list("held_on", flat=True)
            held_on = day.get()
            months.add((row["unit_id"], held_on.year, held_on.month))
        audit.record(
            actor=actor,
            action=f"{bad.kind}.repaired",
            unit_path=row["unit__path"],
            before={"id": bad.pk, "stored": bad.stored, "period": bad.period},
            message=f"{bad.label}; đã xóa (cnscd repair_values --fix).",
        )
        model.objects.filter(pk=bad.pk).delete()
    # Totals holding an infinity cannot even be read: drop them, rebuild below.
    bound = str(int(ROLLUP_BOUND))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Rollup._meta.db_table} "  # noqa: S608 (model table name)
            f"WHERE NOT (total >= -{bound} AND total <= {bound})"
        )
    for unit_id, year, month in sorted(months):
        refresh_month(
            actor=actor,
            unit=AdministrativeUnit.objects.get(pk=unit_id),
            year=year,
            month=month,
        )
    rebuild(fix=True)
    return found
