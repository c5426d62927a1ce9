"""`cnscd demo`: the demo province, idempotent, with random passwords."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from cnscd.accounts.models import User
from cnscd.core.roles import Role
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_demo_loads_hai_duong_and_is_idempotent(
    tmp_path: Path, settings_override: None, capsys
) -> None:
    call_command("demo")
    out = capsys.readouterr().out
    hd = AdministrativeUnit.objects.get(
        structure="legacy", level=Level.PROVINCE, code="30"
    )
    assert AdministrativeUnit.objects.filter(parent=hd).count() == 12
    villages = AdministrativeUnit.objects.subtree_of(hd.path).filter(
        level=Level.VILLAGE
    )
    communes = AdministrativeUnit.objects.subtree_of(hd.path).filter(
        level=Level.COMMUNE
    )
    assert villages.count() >= 3 * communes.count()
    assert not villages.exclude(parent__in=communes).exists()

    saved = json.loads((Path(settings.VAR_DIR) / "demo-accounts.json").read_text())
    roles = {a.role for u in User.objects.all() for a in u.assignments.all()}
    assert {
        Role.PROVINCE_OFFICER,
        Role.DISTRICT_OFFICER,
        Role.COMMUNE_OFFICER,
        Role.TEAM_LEADER,
        Role.PARTNER_REPORTER,
    } <= roles
    for username, password in saved.items():
        assert len(password) >= 20 and password in out
        assert User.objects.get(username=username).check_password(password)

    from cnscd.evaluation.models import Target

    targets = list(
        Target.objects.order_by("unit__code").values_list("value", flat=True)
    )
    assert len(targets) == 12 and sum(targets) == 400_000  # illustrative, by villages

    # The enterprises' reports of the seed's figures, their sum as the province's.
    from cnscd.indicators.models import DataValue, Report

    partner_reports = Report.objects.filter(organisation__isnull=False)
    assert partner_reports.filter(status="submitted").count() == 4
    totals = dict(
        DataValue.objects.filter(
            unit=hd, period="2023Q2", disaggregation=""
        ).values_list("indicator__code", "value")
    )
    assert totals["digital_signatures"] == 372
    assert totals["digital_addresses"] == 566_344 and totals["qr_merchants"] == 370

    # Generated sessions for one commune's teams, summed into its villages' months.
    from cnscd.activities.models import Activity

    logged = Activity.objects.count()
    assert logged > 0
    people = sum(Activity.objects.values_list("people_guided", flat=True))
    assert (
        sum(
            DataValue.objects.filter(
                indicator__code="activity_people_guided", unit__level=Level.VILLAGE
            ).values_list("value", flat=True)
        )
        == people
    )

    count = villages.count()
    call_command("demo")
    assert partner_reports.count() == 4 and Activity.objects.count() == logged
    assert villages.count() == count
    assert (
        list(Target.objects.order_by("unit__code").values_list("value", flat=True))
        == targets
    )
    assert (
        json.loads((Path(settings.VAR_DIR) / "demo-accounts.json").read_text()) == saved
    )


@pytest.fixture
def settings_override(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
