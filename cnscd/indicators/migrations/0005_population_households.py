"""Population and households of a unit: the weights targets are split by."""

from typing import Any

from django.db import migrations

BASES = [
    ("population", "Dân số", "người"),
    ("households", "Số hộ gia đình", "hộ"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Indicator = apps.get_model("indicators", "Indicator")
    for code, name, measure in BASES:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "measure": measure,
                "value_type": "integer",
                "unit_aggregation": "sum",
                "time_aggregation": "last",
                "pillar": "society",
                "disaggregations": [],
                "description": "Số liệu nền của đơn vị (lũy kế, lấy số mới nhất); "
                "dùng để giao chỉ tiêu theo tỷ lệ.",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_rollup_containers")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
