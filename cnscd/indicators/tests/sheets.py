"""Sheets for import tests: a header row, then numbered rows."""

import io

from openpyxl import Workbook

from cnscd.core.system import SYSTEM
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.seed_appendix import appendix_workbook
from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit


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


def seed_appendix_stored() -> AdministrativeUnit:
    """Hải Dương (legacy) with the seed's district appendix stored for 2023S1."""
    load_units()
    province = AdministrativeUnit.objects.get(
        structure="legacy", level="province", code="30"
    )
    assert import_sheet(
        actor=SYSTEM,
        data=appendix_workbook(),
        filename="phu-luc.xlsx",
        period="2023S1",
        parent=province,
    ).stored
    return province
