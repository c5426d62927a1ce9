"""One figure per unit (ADR 0013): roll-up rows keep the unit's own sums and its
children's, and count the own ones when there are any. Every row is recomputed
from the raw values, with the historical models."""

from typing import Any

from django.db import migrations, models


def refigure(apps: Any, schema_editor: Any) -> None:
    from cnscd.indicators import rollups

    rollups.refigure_with(apps)


def amount() -> models.DecimalField:
    return models.DecimalField(max_digits=24, decimal_places=4, db_default=0)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0011_values_in_range")]

    operations = [
        migrations.AddField("rollup", "own_total", amount()),
        migrations.AddField(
            "rollup", "own_count", models.PositiveIntegerField(db_default=0)
        ),
        migrations.AddField("rollup", "below_total", amount()),
        migrations.AddField(
            "rollup", "below_count", models.PositiveIntegerField(db_default=0)
        ),
        migrations.RunPython(refigure, migrations.RunPython.noop),
    ]
