"""The country becomes the root of each structure ("/legacy/", "/2025/").

Existing provinces are moved under it and every depth grows by one (the
country is depth 0). National roll-ups are made by `cnscd rebuild_rollups`
after the upgrade (docs/deployment.md).
"""

from typing import Any

from django.db import migrations
from django.db.models import F

VALIDITY = {
    "legacy": (None, "2025-06-30"),
    "2025": ("2025-07-01", None),
}


def forwards(apps: Any, schema_editor: Any) -> None:
    unit_model = apps.get_model("units", "AdministrativeUnit")
    if unit_model.objects.filter(level="country").exists():
        return
    unit_model.objects.update(depth=F("depth") + 1)
    for structure, (valid_from, valid_until) in VALIDITY.items():
        provinces = unit_model.objects.filter(
            structure=structure, level="province", parent__isnull=True
        )
        if not provinces.exists():
            continue
        country = unit_model.objects.create(
            structure=structure,
            level="country",
            unit_type="quoc_gia",
            code="VN",
            name="Toàn quốc",
            short_name="Toàn quốc",
            search_key="toan quoc",
            path=f"/{structure}/",
            depth=0,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        provinces.update(parent=country)


def backwards(apps: Any, schema_editor: Any) -> None:
    unit_model = apps.get_model("units", "AdministrativeUnit")
    countries = unit_model.objects.filter(level="country")
    unit_model.objects.filter(parent__in=countries).update(parent=None)
    countries.delete()
    unit_model.objects.update(depth=F("depth") - 1)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
