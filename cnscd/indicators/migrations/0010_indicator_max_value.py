from decimal import Decimal

from django.db import migrations, models

# The largest figure one unit may hold for one period, by what is counted.
PEOPLE = Decimal(200_000_000)  # about twice the country's population
MAXIMA = {
    "%": Decimal(100),
    "thứ hạng": Decimal(100),
    "người": PEOPLE,
    "hộ": PEOPLE,
    "tài khoản": PEOPLE,
    "chữ ký số": PEOPLE,
    "buổi": Decimal(10_000_000),
}


def set_maxima(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for measure, maximum in MAXIMA.items():
        Indicator.objects.filter(measure=measure).update(max_value=maximum)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0009_activity_form")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="max_value",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                max_digits=20,
                null=True,
                verbose_name="giá trị lớn nhất",
            ),
        ),
        migrations.RunPython(set_maxima, migrations.RunPython.noop),
    ]
