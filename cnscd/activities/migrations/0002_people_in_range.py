from django.db import migrations, models

from cnscd.core.migration_checks import refuse_out_of_range


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        # `cnscd repair_values` reads the indicators' maxima.
        ("indicators", "0010_indicator_max_value"),
    ]

    operations = [
        refuse_out_of_range("activities_activity", "people_guided", 2000),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(("people_guided__lte", 2000)),
                name="activity_people_in_range",
            ),
        ),
    ]
