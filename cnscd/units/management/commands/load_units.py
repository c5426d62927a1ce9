import time
from typing import Any

from django.core.management.base import BaseCommand

from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính chính thức (cơ cấu trước và từ 01/7/2025) từ vietnamadminunits."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = load_units()
        elapsed = time.perf_counter() - started
        total = AdministrativeUnit.objects.exclude(level="village").count()
        if result.changed:
            self.stdout.write(
                f"Đã nạp đơn vị hành chính trong {elapsed:.1f} giây: tạo mới {result.created}, "
                f"cập nhật {result.updated}, thêm {result.correspondences_created} liên kết cũ–mới."
            )
        else:
            self.stdout.write(
                f"Đơn vị hành chính đã đầy đủ ({total} đơn vị); không có thay đổi."
            )
        if result.unresolved_correspondences:
            self.stdout.write(
                f"Lưu ý: {result.unresolved_correspondences} liên kết cũ–mới trong gói dữ liệu "
                "không khớp mã đơn vị nên bị bỏ qua."
            )
