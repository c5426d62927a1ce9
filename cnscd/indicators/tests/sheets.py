"""Sheets for import tests: a header row, then numbered rows."""

import io

from openpyxl import Workbook


def numbered_sheet(header: list[str], rows: list[list[object]]) -> bytes:
    """An .xlsx with `header`, then each row after its STT number."""
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
