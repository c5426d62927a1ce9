import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnscd.core.system import SYSTEM
from cnscd.indicators.management.commands._units import unit_by_code
from cnscd.teams.carry_over import carry_over
from cnscd.units.choices import Structure


class Command(BaseCommand):
    help = (
        "Chuyển mạng lưới Tổ CNSCĐ của một tỉnh sang cơ cấu hành chính từ 01/7/2025: "
        "thôn, tổ và thành viên, đóng tổ chỉ đạo cấp huyện, xã cũ, chuyển phân công."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--unit", required=True, help="Mã tỉnh, thành phố theo cơ cấu 2025 (GSO)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ lập kế hoạch, không lưu"
        )
        parser.add_argument(
            "--accept-proposals",
            action="store_true",
            help="Chấp nhận đề xuất cho các xã cũ bị chia cho nhiều xã mới",
        )
        parser.add_argument(
            "--choose",
            action="append",
            default=[],
            metavar="XA_CU=XA_MOI",
            help="Xã mới nhận thôn của một xã cũ bị chia (lặp lại được)",
        )
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        province = unit_by_code(options["unit"], Structure.FROM_2025)
        choices: dict[str, str] = {}
        for text in options["choose"]:
            old, sep, new = text.partition("=")
            if not sep or not old.strip() or not new.strip():
                raise CommandError(f"“{text}”: cần dạng MÃ_XÃ_CŨ=MÃ_XÃ_MỚI.")
            choices[old.strip()] = new.strip()
        try:
            result = carry_over(
                actor=SYSTEM,
                province=province,
                dry_run=options["dry_run"],
                accept_proposals=options["accept_proposals"],
                choices=choices,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"{province.name}: {result.villages} thôn, {result.teams} tổ, "
                f"{result.members} thành viên được chuyển; đóng "
                f"{result.committees_closed} tổ chỉ đạo, lập mới "
                f"{result.committees_created}; {result.assignments} phân công mới."
            )
            for c in result.needs_choice:
                self.stdout.write(
                    f"  Cần chọn: {c.legacy_name} ({c.legacy_unit}) → đề xuất "
                    f"{c.proposed} trong {', '.join(c.candidates)}."
                )
            if result.message:
                self.stdout.write(result.message)
            self.stdout.write("Đã lưu." if result.stored else "Chưa lưu gì.")
        if not result.stored and not options["dry_run"]:
            raise SystemExit(1)
