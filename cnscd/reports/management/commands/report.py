from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnscd.core.formatting import format_number
from cnscd.core.periods import PeriodError, parse_period
from cnscd.indicators.management.commands._units import structure_for, unit_by_code
from cnscd.reports.choices import FileFormat, JobStatus
from cnscd.reports.services import file_path, generate_to_file


class Command(BaseCommand):
    help = (
        "Tạo báo cáo định kỳ (thể thức Nghị định 30/2020/NĐ-CP) của một đơn vị cho "
        "một kỳ, dạng Word, Excel hoặc PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ 30")
        parser.add_argument("--period", required=True, help="kỳ, ví dụ 2026S2")
        parser.add_argument(
            "--format", required=True, choices=FileFormat.values, dest="fmt"
        )
        parser.add_argument("-o", "--output", required=True, help="tệp ghi ra")
        parser.add_argument("--structure", choices=["legacy", "2025"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        unit = unit_by_code(
            options["unit"], options["structure"] or structure_for(period)
        )
        row = generate_to_file(unit=unit, period=period, fmt=options["fmt"])
        path = file_path(row)
        if row.status != JobStatus.DONE or path is None:
            raise CommandError(f"Không tạo được báo cáo: {row.error}")
        out = Path(options["output"])
        out.write_bytes(path.read_bytes())
        self.stdout.write(
            f"Đã ghi {out} ({format_number(row.size)} byte, SHA-256 "
            f"{row.sha256[:16]}…): {unit.name} — {period.label}."
        )
