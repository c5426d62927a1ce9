from decimal import Decimal

from django.db import migrations, models

from cnscd.core.migration_checks import refuse_out_of_range


class Migration(migrations.Migration):
    dependencies = [("indicators", "0010_indicator_max_value")]

    operations = [
        refuse_out_of_range("indicators_datavalue", "value", 10**12),
        migrations.AddConstraint(
            model_name="datavalue",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value__gte", 0), ("value__lte", Decimal("1000000000000"))
                ),
                name="data_value_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="rollup",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("total__gte", Decimal("-10000000000000000000")),
                    ("total__lte", Decimal("10000000000000000000")),
                ),
                name="rollup_total_finite",
            ),
        ),
    ]
