"""Writing .xlsx safely: user text always as text (never a formula, SECURITY E1),
numbers as numbers with Vietnamese grouping, a bold header row."""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

NUMBER_FORMAT = "#,##0"  # shown as 1.234 by a Vietnamese Excel


@dataclass
class Sheet:
    """One table on its own sheet: a title line, optional preamble lines, a
    header row, then rows."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    name: str = "Danh sách"
    widths: Sequence[int] | None = None
    preamble: Sequence[str] = ()
    bold_last_row: bool = False


def write_table(
    *,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    sheet_name: str = "Danh sách",
    widths: Sequence[int] | None = None,
    preamble: Sequence[str] = (),
) -> bytes:
    """A workbook of one sheet (see `write_workbook`)."""
    return write_workbook([Sheet(title, header, rows, sheet_name, widths, preamble)])


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """Strings are forced to text cells; ints and floats stay numbers."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _write_sheet(wb.create_sheet(sheet.name[:31]), sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_sheet(ws: Any, sheet: Sheet) -> None:
    ws.append([])
    _text(ws.cell(row=1, column=1), sheet.title).font = Font(bold=True, size=13)
    for i, line in enumerate(sheet.preamble, start=2):
        _text(ws.cell(row=i, column=1), line)
    top = 3 + len(sheet.preamble)
    for col, label in enumerate(sheet.header, start=1):
        cell = _text(ws.cell(row=top, column=col), label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    last = top + len(sheet.rows)
    for r, values in enumerate(sheet.rows, start=top + 1):
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
            if sheet.bold_last_row and r == last:
                cell.font = Font(bold=True)
    for i, width in enumerate(sheet.widths or [], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{top + 1}"


def _text(cell: Any, value: str) -> Any:
    cell.value = value
    cell.data_type = "s"  # openpyxl would otherwise write "=…" as a live formula
    return cell
