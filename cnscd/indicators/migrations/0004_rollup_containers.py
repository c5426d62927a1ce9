"""Period containment in the roll-ups: quarter, half-year and year rows."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import migrations, models

from cnscd.core.periods import containing_spans


def add_containers(apps: Any, schema_editor: Any) -> None:
    Rollup = apps.get_model("indicators", "Rollup")
    totals: dict[tuple[int, int, int, int], list[Any]] = defaultdict(
        lambda: [Decimal(0), 0]
    )
    for r in Rollup.objects.filter(container=False).iterator():
        for first, last in containing_spans(r.first_month, r.last_month):
            acc = totals[(r.unit_id, r.indicator_id, first, last)]
            acc[0] += r.total
            acc[1] += r.count
    Rollup.objects.bulk_create(
        [
            Rollup(
                unit_id=k[0],
                indicator_id=k[1],
                first_month=k[2],
                last_month=k[3],
                container=True,
                total=v[0],
                count=v[1],
            )
            for k, v in totals.items()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_report_revision"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="rollup", name="rollup_unique"),
        migrations.AddField(
            model_name="rollup",
            name="container",
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name="rollup",
            constraint=models.UniqueConstraint(
                fields=("unit", "indicator", "first_month", "last_month", "container"),
                name="rollup_unique",
            ),
        ),
        migrations.RunPython(add_containers, migrations.RunPython.noop),
    ]
