"""Writing .xlsx safely: user text always as text (never a formula, SECURITY E1),
numbers as numbers with Vietnamese grouping, a bold header row."""

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

NUMBER_FORMAT = "#,##0"  # shown as 1.234 by a Vietnamese Excel


def write_table(
    *,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    sheet_name: str = "Danh sách",
    widths: Sequence[int] | None = None,
    preamble: Sequence[str] = (),
) -> bytes:
    """One sheet: a title line, optional preamble lines, a header row, then
    rows. Strings are forced to text cells; ints and floats stay numbers."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name[:31]
    ws.append([])
    _text(ws.cell(row=1, column=1), title).font = Font(bold=True, size=13)
    for i, line in enumerate(preamble, start=2):
        _text(ws.cell(row=i, column=1), line)
    top = 3 + len(preamble)
    for col, label in enumerate(header, start=1):
        cell = _text(ws.cell(row=top, column=col), label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, bool) or value is None:
                _text(cell, "" if value is None else ("Có" if value else "Không"))
            elif isinstance(value, (int, float)):
                cell.value = value
                cell.number_format = (
                    NUMBER_FORMAT if isinstance(value, int) else "#,##0.0"
                )
            else:
                _text(cell, str(value))
    for i, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{top + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(cell: Any, value: str) -> Any:
    cell.value = value
    cell.data_type = "s"  # openpyxl would otherwise write "=…" as a live formula
    return cell
