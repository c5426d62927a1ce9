"""Who has sent a form's reports for a period: one notion, read by the
completeness page, the pivot, the dashboard and the report.

A unit has sent a period when every one of the form's periods in it that has
ended (a monthly form over a half-year: each month gone by) has a report that
was sent — submitted or approved. A draft was never sent; a report returned
for correction is no longer sent until it comes back. A half-year viewed
while its first month is still under way expects that month's report."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from cnscd.accounts.models import Organisation
from cnscd.core.formatting import format_number
from cnscd.core.periods import Period, periods_within
from cnscd.core.system import Actor
from cnscd.indicators.choices import ReportStatus
from cnscd.indicators.models import Form, Report
from cnscd.indicators.selectors import partners_of, structure_day
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import units_visible_to

SENT = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED})


def is_sent(report: Report | None) -> bool:
    return report is not None and report.status in SENT


def is_late(report: Report, form: Form, period: Period) -> bool:
    """Sent after the form's deadline; a report imported from a file whose day
    of arrival nobody gave has no date and is not counted late."""
    if report.submitted_at is None:
        return False
    deadline = period.end + dt.timedelta(days=form.deadline_days)
    return timezone.localdate(report.submitted_at) > deadline


def expected_periods(
    form: Form, period: Period, today: dt.date | None = None
) -> list[Period]:
    """The form's periods a unit owes over `period`: those ended by today, or
    the first one while none has ended yet."""
    today = today or timezone.localdate()
    pieces = periods_within(period, form.period_type)
    ended = [p for p in pieces if p.end < today]
    return ended or pieces[:1]


@dataclass
class CompletenessRow:
    unit: AdministrativeUnit
    # The unit's reports for each expected period, in order; None where none.
    reports: list[Report | None] = field(default_factory=list)
    late: bool = False
    organisation: Organisation | None = None  # on a partner form
    periods: list[str] = field(default_factory=list)  # the expected periods

    @property
    def to_open(self) -> str:
        """The period the row's link opens: the first one not sent."""
        return next(
            (
                c
                for c, r in zip(self.periods, self.reports, strict=True)
                if not is_sent(r)
            ),
            self.periods[-1] if self.periods else "",
        )

    @property
    def report(self) -> Report | None:
        """The report shown for the row: the latest one there is."""
        return next((r for r in reversed(self.reports) if r is not None), None)

    @property
    def sent(self) -> int:
        return sum(1 for r in self.reports if is_sent(r))

    @property
    def complete(self) -> bool:
        return bool(self.reports) and self.sent == len(self.reports)

    @property
    def status_text(self) -> str:
        """ "Đã gửi", "Bản nháp", "Đã gửi 4/6 kỳ", "Chưa báo cáo"."""
        if len(self.reports) > 1:
            if self.report is None:
                return "Chưa báo cáo"
            return f"Đã gửi {format_number(self.sent)}/{format_number(len(self.reports))} kỳ"
        report = self.report
        return report.get_status_display() if report else "Chưa báo cáo"


def rows_for(
    *,
    form: Form,
    units: list[AdministrativeUnit],
    period: Period,
    reporters: list[Organisation | None] | None = None,
    today: dt.date | None = None,
) -> list[CompletenessRow]:
    """A row per unit (and partner, on a partner form) with its reports for
    the form's periods expected over `period`."""
    reporters = reporters or [None]
    expected = expected_periods(form, period, today)
    codes = [p.code for p in expected]
    found: dict[tuple[int, int | None, str], Report] = {
        (r.unit_id, r.organisation_id, r.period): r
        for r in Report.objects.filter(
            form=form, unit__in=units, period__in=codes
        ).select_related("organisation")
    }
    rows = []
    for u in units:
        for org in reporters:
            key = org.pk if org else None
            reports = [found.get((u.pk, key, c)) for c in codes]
            late = any(
                r is not None and is_sent(r) and is_late(r, form, p)
                for r, p in zip(reports, expected, strict=True)
            )
            rows.append(CompletenessRow(u, reports, late, org, codes))
    return rows


def report_statuses(
    *, form: Form, units: list[AdministrativeUnit], period: Period
) -> dict[int, CompletenessRow]:
    """unit id → its row for the form and period (completeness at a glance)."""
    return {r.unit.pk: r for r in rows_for(form=form, units=units, period=period)}


def completeness(
    *, actor: Actor, unit: AdministrativeUnit, form: Form, period: Period
) -> list[CompletenessRow]:
    """Units of the form's level under `unit` (in the period's structure) with
    their reports and whether one came after the deadline. On a form reported
    by partners, a row for each unit and partner."""
    day = structure_day(unit, period)
    expected = (
        list(
            units_visible_to(actor)
            .subtree_of(unit.path)
            .filter(level=form.target_level)
            .valid_on(day)
            .order_by("path")
        )
        if form.target_level
        else []
    )
    reporters: list[Organisation | None] = (
        list(partners_of(form)) if form.partner_reported else [None]
    )
    return rows_for(form=form, units=expected, period=period, reporters=reporters)


def counts(rows: list[CompletenessRow]) -> tuple[int, int, int]:
    """(sent in full, expected, late): the one tally every surface shows."""
    return (
        sum(1 for r in rows if r.complete),
        len(rows),
        sum(1 for r in rows if r.late),
    )
