"""The demo's present (issue #15, item 5): Hải Phòng in the 2025 structure
reports every month from July 2025 to the current one, and the teams of one
commune log sessions in the last weeks.

The figures are generated (deterministic, illustrative: no source gives
Hải Phòng's monthly figures), of the size of the seed's: a commune with its
teams guides a few hundred people a month. The current month is still open:
about a third of the communes have not sent it yet."""

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from cnscd.activities.choices import ActivityKind
from cnscd.activities.models import Activity
from cnscd.activities.services import Entry, activity_create
from cnscd.core.periods import Period, parse_period
from cnscd.core.system import SYSTEM
from cnscd.indicators import services
from cnscd.indicators.choices import ReportStatus
from cnscd.indicators.models import Report
from cnscd.indicators.selectors import form_get, form_indicators
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body
from cnscd.units.choices import REFORM_DATE, Level
from cnscd.units.models import AdministrativeUnit

FORM = "bc-cnscd-xa"
# Per village with a team, per month: (low, high) of each figure.
RANGES = {
    "training_sessions": (0, 2),
    "members_trained": (0, 8),
    "citizens_guided": (10, 60),
    "dvc_accounts_created": (2, 20),
    "vneid_accounts_created": (3, 25),
}


def months_until(today: dt.date) -> list[Period]:
    """Every month from the reform's to today's."""
    out = []
    year, month = REFORM_DATE.year, REFORM_DATE.month
    while (year, month) <= (today.year, today.month):
        out.append(parse_period(f"{year}{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def load_monthly_figures(city: AdministrativeUnit, today: dt.date | None = None) -> int:
    """The communes' monthly reports from July 2025 to this month, submitted
    (once per month: a month already reported is left alone); returns how many
    reports were stored."""
    today = today or timezone.localdate()
    form = form_get(FORM)
    indicators = {i.code: i for i in form_indicators(form) if i.code in RANGES}
    communes = list(
        AdministrativeUnit.objects.filter(parent=city, level=Level.COMMUNE).order_by(
            "code"
        )
    )
    teams = Counter(
        Body.objects.filter(
            kind=BodyKind.COMMUNITY_TEAM,
            unit__parent__in=communes,
            ended_on__isnull=True,
        ).values_list("unit__parent_id", flat=True)
    )
    stored = 0
    for period in months_until(today):
        if Report.objects.filter(
            form=form, unit__in=communes, period=period.code
        ).exists():
            continue
        current = (period.start.year, period.start.month) == (today.year, today.month)
        given: dict[int, list[services.ValueInput]] = {}
        for commune in communes:
            rng = random.Random(f"{commune.code}{period.code}")  # noqa: S311 - demo
            if current and rng.random() < 0.35:
                continue  # not sent yet
            size = max(teams.get(commune.pk, 0), 1)
            given[commune.pk] = [
                services.ValueInput(
                    indicators[code],
                    Decimal(sum(rng.randint(lo, hi) for _ in range(size))),
                )
                for code, (lo, hi) in RANGES.items()
            ]
        reports = services.reports_for(
            form=form, units=[c for c in communes if c.pk in given], period=period
        )
        items = [
            services.ReportValues(reports[pk], values) for pk, values in given.items()
        ]
        services.values_store_many(
            actor=SYSTEM, period=period, items=items, status=ReportStatus.SUBMITTED
        )
        stored += len(items)
    return stored


def load_recent_sessions(
    commune: AdministrativeUnit, today: dt.date | None = None
) -> int:
    """Sessions of the commune's teams over the last four weeks, logged through
    the team members' service (once: a commune with a session in that window is
    left alone); returns how many."""
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=27)
    teams = list(
        Body.objects.filter(
            kind=BodyKind.COMMUNITY_TEAM, unit__parent=commune, ended_on__isnull=True
        ).order_by("unit__code")
    )
    if (
        not teams
        or Activity.objects.filter(body__in=teams, held_on__gte=start).exists()
    ):
        return 0
    rng = random.Random(f"{commune.code}{today:%Y%m}")  # noqa: S311 - demo data
    kinds = list(ActivityKind.values)
    made = 0
    for team in teams:
        for _ in range(rng.randint(2, 6)):
            day = start + dt.timedelta(days=rng.randint(0, 27))
            activity_create(
                actor=SYSTEM,
                body=team,
                entry=Entry(day, rng.choice(kinds), rng.randint(5, 40)),
            )
            made += 1
    return made
