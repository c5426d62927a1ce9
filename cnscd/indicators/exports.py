"""The pivot as a workbook in the layout of the seed's appendix."""

from decimal import Decimal

from cnscd.core.xlsx import write_table
from cnscd.indicators.selectors import Pivot


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def render_pivot(table: Pivot) -> bytes:
    """STT, unit, one column per indicator, then "Tổng cộng" = the sum of the rows."""
    header = ["STT", "Đơn vị", *[f"{c.name} ({c.measure})" for c in table.columns]]
    rows = [
        [i, r.unit.name, *[_num(r.values[c.code]) for c in table.columns]]
        for i, r in enumerate(table.rows, start=1)
    ]
    rows.append(["", "Tổng cộng", *[_num(table.total[c.code]) for c in table.columns]])
    title = f"{table.form.name.upper()} — {table.unit.name} — {table.period.label}"
    return write_table(
        title=title,
        header=header,
        rows=rows,
        sheet_name="Tổng hợp",
        widths=[6, 28, *[16] * len(table.columns)],
    )
