from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cnscd.core.roles import MFA_ROLES, Role
from cnscd.demo.loader import load_demo


class Command(BaseCommand):
    help = "Nạp tỉnh trình diễn Hải Dương (mã 30) cùng thôn và tài khoản trình diễn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Tạo lại mật khẩu tài khoản trình diễn",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo(reset_passwords=options["reset_passwords"])
        if result.villages_created:
            self.stdout.write(
                f"Đã tạo {result.villages_created} thôn, khu dân cư trình diễn."
            )
        if result.people_created:
            self.stdout.write(
                f"Đã tạo mạng lưới tổ với {result.people_created} thành viên trình diễn."
            )
        self.stdout.write(
            f"Phụ lục báo cáo 08/8/2023 (kỳ 2023S1) đã nạp qua chức năng nhập bảng: "
            f"{result.appendix_findings} phát hiện về chất lượng số liệu "
            "(xem: cnscd pivot --unit 30 --period 2023S1)."
        )
        carried = result.carried
        if carried is not None and carried.teams:
            self.stdout.write(
                f"Hiện tại (từ 01/7/2025, Hải Dương thuộc Thành phố Hải Phòng): đã chuyển "
                f"{carried.villages} thôn, {carried.teams} Tổ CNSCĐ, {carried.members} "
                f"thành viên sang cơ cấu mới; đóng {carried.committees_closed} tổ chỉ "
                f"đạo cấp huyện, xã cũ (xem: cnscd carry_over --unit 31 --dry-run)."
            )
        if result.present_reports or result.present_sessions:
            self.stdout.write(
                f"Số liệu hiện tại: {result.present_reports} báo cáo tháng của các xã, "
                f"phường Hải Phòng từ tháng 7/2025 đến tháng này, "
                f"{result.present_sessions} buổi hướng dẫn trong 4 tuần qua "
                "(minh họa, sinh ngẫu nhiên có định)."
            )
        accounts = result.accounts
        self.stdout.write("")
        self.stdout.write(
            "Tài khoản trình diễn (mật khẩu ngẫu nhiên, lưu tại var/demo-accounts.json):"
        )
        for a in accounts:
            note = (
                " — lần đầu đăng nhập phải cài xác thực hai lớp"
                if a.role in MFA_ROLES
                else ""
            )
            self.stdout.write(
                f"  {a.username:<24} {a.password:<28} {Role(a.role).label}: {a.unit.name}{note}"
            )
            if a.today:
                self.stdout.write(f"  {'':<24} {'':<28} từ 01/7/2025: {a.today}")
        self.stdout.write("")
