"""Finding a unit by its GSO code on the command line."""

from django.core.management.base import CommandError

from cnscd.core.periods import Period
from cnscd.units.choices import REFORM_DATE, Structure
from cnscd.units.models import AdministrativeUnit


def structure_for(period: Period) -> str:
    """Periods ending before 1/7/2025 are reported in the legacy structure."""
    return Structure.LEGACY if period.end < REFORM_DATE else Structure.FROM_2025


def unit_by_code(code: str, structure: str | None = None) -> AdministrativeUnit:
    """The non-village unit with this code in `structure` (legacy and 2025
    codes can collide)."""
    qs = AdministrativeUnit.objects.filter(code=code).exclude(level="village")
    if structure:
        qs = qs.filter(structure=structure)
    found = list(qs.order_by("structure")[:3])
    if not found:
        raise CommandError(f"Không có đơn vị mã {code}.")
    if len(found) > 1:
        raise CommandError(
            f"Mã {code} có ở cả hai cơ cấu: thêm --structure legacy hoặc 2025."
        )
    return found[0]
