from decimal import Decimal

from django.db import migrations, models

from cnscd.core.migration_checks import refuse_out_of_range


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_team_subject"),
        # `cnscd repair_values` reads the indicators' maxima.
        ("indicators", "0010_indicator_max_value"),
    ]

    operations = [
        refuse_out_of_range("evaluation_target", "value", 10**12),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value__gte", 0), ("value__lte", Decimal("1000000000000"))
                ),
                name="target_value_in_range",
            ),
        ),
    ]
