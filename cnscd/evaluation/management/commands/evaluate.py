import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from cnscd.core.formatting import format_decimal
from cnscd.core.periods import PeriodError, parse_period
from cnscd.core.system import SYSTEM
from cnscd.evaluation.selectors import (
    criteria_set_for,
    evaluation_table,
    subject_below,
)
from cnscd.indicators.management.commands._units import structure_for, unit_by_code


class Command(BaseCommand):
    help = (
        "Chấm điểm, xếp loại và xếp hạng các đơn vị trực thuộc một đơn vị cho một kỳ "
        "theo bộ tiêu chí đang áp dụng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--criteria-set", dest="criteria_set")
        parser.add_argument("--structure", choices=["legacy", "2025"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        unit = unit_by_code(
            options["unit"], options["structure"] or structure_for(period)
        )
        try:
            cset = criteria_set_for(
                period, options["criteria_set"], subject_below(unit)
            )
        except Http404:
            raise CommandError("Không có bộ tiêu chí áp dụng cho kỳ này.") from None
        table = evaluation_table(actor=SYSTEM, unit=unit, period=period, cset=cset)
        if options["json"]:
            self.stdout.write(json.dumps(table.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(f"{unit.name} — {period.label} — {cset}")
        for r in table.rows:
            shown = "—" if r.known_score is None else format_decimal(r.known_score)
            self.stdout.write(
                f"  {r.rank or '-':>3}  {r.team or r.unit.name:<28} {shown:>7}  "
                f"{r.band or ''}"
            )
