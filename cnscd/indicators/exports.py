"""The pivot as a workbook in the layout of the seed's appendix."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from cnscd.core.numbers import plain
from cnscd.core.xlsx import write_table
from cnscd.indicators.selectors import Pivot
from cnscd.units.models import AdministrativeUnit


def pivot_header(table: Pivot, unit_label: str = "Đơn vị") -> list[str]:
    return ["STT", unit_label, *[f"{c.name} ({c.measure})" for c in table.columns]]


def pivot_rows(
    table: Pivot,
    cell: Callable[[Decimal | None], Any] = plain,
    name: Callable[[AdministrativeUnit], str] = lambda u: u.name,
) -> list[list[Any]]:
    """The numbered rows, then "Tổng cộng" = the pivot's total (the sum of the
    rows shown), then the unit's own figure where it reported one that differs
    (ADR 0013); `cell` writes a figure (a number, or Vietnamese text)."""
    rows: list[list[Any]] = [
        [i, name(r.unit), *[cell(r.values[c.code]) for c in table.columns]]
        for i, r in enumerate(table.rows, start=1)
    ]
    rows.append(
        ["", "Tổng cộng", *[cell(table.total.get(c.code)) for c in table.columns]]
    )
    if table.own:  # the unit's own figure counts where it reported one
        rows.append(
            [
                "",
                f"Số {table.unit.name} tự báo cáo (được dùng)",
                *[cell(table.own.get(c.code)) for c in table.columns],
            ]
        )
    return rows


def render_pivot(table: Pivot) -> bytes:
    """STT, unit, one column per indicator, then "Tổng cộng" = the sum of the rows."""
    title = f"{table.form.name.upper()} — {table.unit.name} — {table.period.label}"
    return write_table(
        title=title,
        header=pivot_header(table),
        rows=pivot_rows(table),
        sheet_name="Tổng hợp",
        widths=[6, 28, *[16] * len(table.columns)],
    )
