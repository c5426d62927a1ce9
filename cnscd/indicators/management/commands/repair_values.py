from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cnscd.core.system import SYSTEM
from cnscd.indicators.repair import bad_figures, repair


class Command(BaseCommand):
    help = (
        "Tìm (và với --fix, xóa có ghi nhật ký) các số liệu, chỉ tiêu, buổi hoạt "
        "động lưu giá trị không hợp lệ: không hữu hạn, âm, vượt mức tối đa."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Xóa các giá trị đó (ghi vào nhật ký kiểm tra) và tính lại tổng hợp",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = repair(actor=SYSTEM) if options["fix"] else bad_figures()
        for bad in found:
            self.stdout.write(f"- {bad.label}.")
        if not found:
            self.stdout.write("Không có giá trị không hợp lệ.")
        elif options["fix"]:
            self.stdout.write(
                f"Đã xóa {len(found)} giá trị không hợp lệ và tính lại bảng tổng hợp; "
                "các đơn vị cần nhập lại số liệu đúng."
            )
        else:
            self.stdout.write(
                f"{len(found)} giá trị không hợp lệ. "
                "Chạy “cnscd repair_values --fix” để xóa (có ghi nhật ký)."
            )
            raise SystemExit(1)
