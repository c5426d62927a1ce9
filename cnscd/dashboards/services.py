"""Switching a province's public page on or off."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cnscd.core import audit
from cnscd.core.system import Actor, user_row
from cnscd.dashboards.models import PublicPage
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage


@transaction.atomic
def public_page_set(
    *, actor: Actor, unit: AdministrativeUnit, enabled: bool
) -> PublicPage:
    if not can_manage(actor, unit):
        raise PermissionDenied("Chỉ cán bộ cấp tỉnh mới bật, tắt trang công khai.")
    if unit.level != Level.PROVINCE:
        raise ValidationError("Trang công khai chỉ có ở cấp tỉnh.")
    page, _ = PublicPage.objects.update_or_create(
        unit=unit,
        defaults={
            "enabled": enabled,
            "changed_by": user_row(actor),
        },
    )
    audit.record(
        actor=actor,
        action="public_page.enable" if enabled else "public_page.disable",
        obj=page,
        unit_path=unit.path,
    )
    return page
