"""`cnscd demo`: the demo province, idempotent, with random passwords."""

import datetime as dt
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

    # The present: Hải Phòng (2025) holds the network today, carried over;
    # the old province counts nothing active; the demo accounts work on both.
    from cnscd.teams.coverage import unit_coverage
    from cnscd.teams.models import Body

    today = dt.date(2026, 12, 8)
    city = AdministrativeUnit.objects.get(
        structure="2025", level=Level.PROVINCE, code="31"
    )
    national = User.objects.get(username="bo.khcn")
    now_city = unit_coverage(actor=national, unit=city, day=today)
    before = unit_coverage(actor=national, unit=hd, day=dt.date(2025, 6, 30))
    after = unit_coverage(actor=national, unit=hd, day=today)
    assert now_city.teams == before.teams > 0
    assert now_city.team_members == before.team_members
    assert (after.teams, after.committees) == (0, 0)
    leader = next(u for u in saved if u.startswith("totruong."))
    assert (
        User.objects.get(username=leader)
        .assignments.filter(
            unit__structure="2025", unit__level=Level.VILLAGE, role=Role.TEAM_LEADER
        )
        .exists()
    )
    assert "từ 01/7/2025: Thành phố Hải Phòng" in out
    assert national.assignments.filter(unit__structure="2025").exists()
    bodies = Body.objects.count()
    # … with monthly figures from July 2025 to this month, and recent sessions.
    from django.utils import timezone

    from cnscd.core.periods import parse_period
    from cnscd.indicators.models import Indicator
    from cnscd.indicators.selectors import values_for_units

    guided = Indicator.objects.get(code="citizens_guided")
    now = timezone.localdate()
    for code in ("2025S2", f"{now:%Y%m}"):
        figure = values_for_units([city], [guided], parse_period(code))
        assert (figure[(city.pk, guided.pk)] or 0) > 0, code
    recent = Activity.objects.filter(
        held_on__gte=now - dt.timedelta(days=27), body__unit__structure="2025"
    )
    assert recent.exists() and "báo cáo tháng của các xã" in out
    reports = Report.objects.count()

    count = villages.count()
    call_command("demo")
    assert Body.objects.count() == bodies and Report.objects.count() == reports
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
