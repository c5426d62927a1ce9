import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnscd.core.system import SYSTEM
from cnscd.teams.imports import members_import
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit

ACTION_LABELS = {
    "created": "tạo mới",
    "updated": "cập nhật",
    "unchanged": "giữ nguyên",
    "rejected": "từ chối",
}


class Command(BaseCommand):
    help = (
        "Nhập danh sách thành viên Tổ CNSCĐ của một xã từ tệp Excel (.xlsx) hoặc CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--unit", required=True, help="Mã xã, phường, thị trấn (mã GSO)"
        )
        parser.add_argument(
            "--structure",
            choices=["legacy", "2025"],
            help="Cơ cấu của mã xã khi mã trùng giữa hai cơ cấu",
        )
        parser.add_argument(
            "--create-villages",
            action="store_true",
            help="Tạo thôn/tổ dân phố chưa có trong xã",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu"
        )
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        communes = AdministrativeUnit.objects.filter(
            level=Level.COMMUNE, code=options["unit"]
        )
        if options["structure"]:
            communes = communes.filter(structure=options["structure"])
        found = list(communes[:2])
        if not found:
            raise CommandError(f"Không có xã, phường, thị trấn mã {options['unit']}.")
        if len(found) > 1:
            raise CommandError(
                f"Mã {options['unit']} có ở cả hai cơ cấu: thêm --structure legacy hoặc 2025."
            )
        try:
            result = members_import(
                actor=SYSTEM,
                commune=found[0],
                data=path.read_bytes(),
                filename=path.name,
                create_villages=options["create_villages"],
                dry_run=options["dry_run"],
            )
        except ValidationError as exc:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "created": 0,
                            "updated": 0,
                            "unchanged": 0,
                            "rejected": [{"row": None, "message": exc.messages[0]}],
                            "stored": False,
                        },
                        ensure_ascii=False,
                    )
                )
                raise SystemExit(1) from exc
            raise CommandError(exc.messages[0]) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            d = result.as_dict()
            self.stdout.write(
                f"{found[0].name}: tạo mới {d['created']}, cập nhật {d['updated']}, "
                f"giữ nguyên {d['unchanged']}, từ chối {len(d['rejected'])}."
            )
            for r in result.rejected:
                self.stdout.write(f"  Dòng {r.row}: {r.message}")
            self.stdout.write("Đã lưu." if result.stored else "Chưa lưu gì.")
        if result.rejected:
            raise SystemExit(1)
