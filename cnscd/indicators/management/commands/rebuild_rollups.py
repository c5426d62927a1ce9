from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cnscd.indicators.repair import bad_figures
from cnscd.indicators.rollups import rebuild


class Command(BaseCommand):
    help = "Tính lại bảng tổng hợp từ số liệu gốc và báo các chỗ khác biệt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Chỉ kiểm tra, không sửa"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # A stored non-finite or out-of-range figure first: the sums would carry it.
        bad = bad_figures()
        if bad:
            for b in bad:
                self.stdout.write(f"- {b.label}.")
            self.stdout.write(
                f"{len(bad)} giá trị không hợp lệ; chạy “cnscd repair_values --fix” "
                "rồi tính lại bảng tổng hợp."
            )
            raise SystemExit(1)
        report = rebuild(fix=not options["check"])
        if report.clean:
            self.stdout.write(f"Bảng tổng hợp khớp số liệu gốc ({report.rows} dòng).")
            return
        action = "Đã tính lại" if not options["check"] else "Phát hiện khác biệt"
        self.stdout.write(
            f"{action}: thiếu {report.missing}, sai {report.wrong}, thừa {report.extra} "
            f"trên {report.rows} dòng."
        )
        if options["check"]:
            raise SystemExit(1)
