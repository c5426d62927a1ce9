import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnscd.core.formatting import parse_date
from cnscd.core.periods import PeriodError, parse_period
from cnscd.core.system import SYSTEM
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.management.commands._units import structure_for, unit_by_code
from cnscd.indicators.models import Form
from cnscd.units.choices import REFORM_DATE


class Command(BaseCommand):
    help = "Nhập bảng số liệu dạng phụ lục (mỗi dòng một đơn vị, mỗi cột một chỉ tiêu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--period", required=True, help="Kỳ báo cáo, ví dụ 202611 hoặc 2026S2"
        )
        parser.add_argument(
            "--form", help="Mã biểu mẫu (bỏ trống để nhận theo các cột)"
        )
        parser.add_argument(
            "--unit", required=True, help="Mã đơn vị cấp trên của các dòng (mã GSO)"
        )
        parser.add_argument(
            "--structure",
            choices=["legacy", "2025"],
            help="Cơ cấu của mã đơn vị; bỏ trống để suy ra từ kỳ báo cáo",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="TIÊU_ĐỀ=MÃ_CHỈ_TIÊU",
            help="Xác nhận cột chưa khớp (được ghi nhớ)",
        )
        parser.add_argument(
            "--received-on",
            metavar="NGÀY",
            help="Ngày nhận tệp (30/6/2025), để xét báo cáo đúng hạn hay muộn",
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        parent = unit_by_code(options["unit"], _structure(options))
        form = None
        if options["form"]:
            form = Form.objects.filter(code=options["form"]).first()
            if form is None:
                raise CommandError(f"Không có biểu mẫu {options['form']}.")
        mappings = dict(m.split("=", 1) for m in options["map"] if "=" in m)
        received_on = None
        if options["received_on"]:
            received_on = parse_date(options["received_on"])
            if received_on is None:
                raise CommandError(
                    f"Ngày nhận “{options['received_on']}” không hợp lệ: "
                    "dùng dạng ngày/tháng/năm, ví dụ 30/6/2025."
                )
        try:
            result = import_sheet(
                actor=SYSTEM,
                data=path.read_bytes(),
                filename=path.name,
                period=options["period"],
                parent=parent,
                form=form,
                dry_run=options["dry_run"],
                confirmed_mappings=mappings,
                received_on=received_on,
            )
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        out = result.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{len(out['rows'])} dòng, biểu {out['form']}, kỳ {out['period']}: "
                f"{'đã lưu' if out['stored'] else 'chưa lưu'}."
            )
            for f in out["findings"]:
                where = f"dòng {f['row']}: " if f["row"] else ""
                self.stdout.write(f"  [{f['severity']}] {where}{f['message']}")
        if result.has_errors:
            raise SystemExit(1)


def _structure(options: dict[str, Any]) -> str:
    """The structure the rows are in: given, or the one of the period (before
    1/7/2025 the legacy one, after it the 2025 one); a period across the
    reform day has to say which."""
    if options["structure"]:
        return str(options["structure"])
    try:
        period = parse_period(options["period"])
    except PeriodError as exc:
        raise CommandError(str(exc)) from exc
    if period.start < REFORM_DATE <= period.end:
        raise CommandError(
            f"Kỳ {period.label} có cả trước và sau ngày 01/7/2025: thêm --structure "
            "legacy (63 tỉnh, có cấp huyện) hoặc --structure 2025."
        )
    return structure_for(period)
