import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnscd.core.formatting import format_number
from cnscd.core.periods import PeriodError, parse_period
from cnscd.core.system import SYSTEM
from cnscd.indicators.management.commands._units import (
    structure_for,
    unit_by_code,
)
from cnscd.indicators.models import Form
from cnscd.indicators.selectors import pivot


class Command(BaseCommand):
    help = "Bảng tổng hợp: các đơn vị trực thuộc × chỉ tiêu của một biểu, cho một kỳ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--form", default="pl-cnscd-huyen")
        parser.add_argument("--structure", choices=["legacy", "2025"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        structure = options["structure"] or structure_for(period)
        unit = unit_by_code(options["unit"], structure)
        form = Form.objects.filter(code=options["form"]).first()
        if form is None:
            raise CommandError(f"Không có biểu mẫu {options['form']}.")
        table = pivot(actor=SYSTEM, unit=unit, period=period, form=form).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(table, ensure_ascii=False))
            return
        names = [c["name"] for c in table["columns"]]
        self.stdout.write(f"{unit.name} — {period.label}")
        if table["former"]:
            self.stdout.write(
                "Trước 01/7/2025: các dòng là đơn vị cấp huyện của "
                + " và ".join(u["name"] for u in table["former"])
                + f" (cơ cấu cũ); dòng tổng là số của {unit.name} theo địa giới hiện nay."
            )
        codes = [c["code"] for c in table["columns"]]

        def line(name: str, values: dict[str, Any], below: dict[str, Any]) -> str:
            # A unit's own figure counts; its children's sum, where it differs,
            # is shown beside it as a check (ADR 0013).
            cells = [
                format_number(values.get(c))
                + (f" (cấp dưới: {format_number(below[c])})" if c in below else "")
                for c in codes
            ]
            return f"  {name:<28} " + " | ".join(cells)

        for r in table["rows"]:
            self.stdout.write(line(r["name"], r["values"], r["below"]))
        self.stdout.write(line("Tổng", table["total"], {}))
        if table["own"]:
            values = {**table["total"], **table["own"]}
            self.stdout.write(
                line(f"Số {unit.name} tự báo cáo (được dùng)", values, {})
            )
        for finding in table["findings"]:
            self.stdout.write(f"Lưu ý: {finding}")
        self.stdout.write("Cột: " + "; ".join(names))
