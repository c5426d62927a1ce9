"""History in today's boundaries (issue #15): a 2025 province's roll-up rows
for spans before July 2025 carry the figures of the legacy provinces it took
in. Every row is recomputed from the raw values, with the historical models."""

from typing import Any

from django.db import migrations


def refigure(apps: Any, schema_editor: Any) -> None:
    from cnscd.indicators import rollups

    rollups.refigure_with(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0012_rollup_own_and_below"),
        ("units", "0003_country_level"),
    ]

    operations = [migrations.RunPython(refigure, migrations.RunPython.noop)]
