"""Forms reported by partner organisations (telecoms, post, banks).

On a form marked `partner_reported`, each partner organisation reports its own
figures for each unit of the form's level: Viettel's digital signatures in
Hải Dương for the second quarter, VNPT's, the post office's. A partner's
report is a `Report` with `organisation` set; its values are stored as the
parts "partner=<pk>" of the unit's values, so the officer's breakdown by
provider and the partner's own figures are the same rows. The unit's total is
the sum of the partners' parts, kept in the same transaction, unless an
officer entered or imported a total of their own (which is never overwritten).
See docs/decisions/0010-partner-reports.md.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, When

from cnscd.accounts.models import Organisation
from cnscd.core.periods import Period, PeriodError, parse_period
from cnscd.core.roles import Role
from cnscd.core.system import Actor
from cnscd.indicators import services
from cnscd.indicators.choices import ReportStatus, Source
from cnscd.indicators.completeness import is_late
from cnscd.indicators.models import DataValue, Form, Indicator, Report
from cnscd.indicators.selectors import (
    PARTNER_PREFIX,
    form_indicators,
    partner_key,
    partners_of,
    period_due,
)
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import units_visible_to
from cnscd.units.services import lock_unit

# A partner reporter's task list shows at most this many units per form.
TASKS_SHOWN = 200


def fits_form(report: Report) -> bool:
    """A partner reports for units of the form's level and periods of its
    type only (Viettel's quarter for a province, not a half-year for a
    commune, which would count its figures twice)."""
    try:
        kind = parse_period(report.period).kind
    except PeriodError:
        return False
    return (
        report.unit.level == report.form.target_level
        and kind == report.form.period_type
    )


def organisations_reporting(actor: Actor, unit: AdministrativeUnit) -> set[int]:
    """Organisations the actor reports for on `unit` (a partner reporter
    assignment on the unit or one of its ancestors)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return set()
    return {
        a.organisation_id
        for a in actor.assignments.filter(
            role=Role.PARTNER_REPORTER, organisation__isnull=False
        ).select_related("unit")
        if unit.path.startswith(a.unit.path)
    }


def refresh_totals(
    *, actor: Actor, form: Form, unit: AdministrativeUnit, period: Period
) -> None:
    """Make the unit's totals the sum of the partners' parts, except totals an
    officer entered or imported. The totals belong to the unit's own report on
    the form, which gathers the partners' reports."""
    lock_unit(unit)  # partners saving at once: the second sums what the first wrote
    indicators = form_indicators(form)
    sums: dict[int, Decimal] = {}
    kept: set[int] = set()  # totals an officer gave
    for indicator_id, disaggregation, value, source in DataValue.objects.filter(
        unit=unit, period=period.code, indicator__in=indicators
    ).values_list("indicator_id", "disaggregation", "value", "source"):
        if disaggregation.startswith(PARTNER_PREFIX):
            sums[indicator_id] = sums.get(indicator_id, Decimal(0)) + value
        elif not disaggregation and source != Source.COMPUTED:
            kept.add(indicator_id)
    gathering = services.report_for(form=form, unit=unit, period=period)
    services.values_store(
        actor=actor,
        report=gathering,
        period=period,
        values=[
            services.ValueInput(ind, sums.get(ind.pk), source=Source.COMPUTED)
            for ind in indicators
            if ind.pk not in kept
        ],
    )


@dataclass
class PartnerColumn:
    organisation: Organisation
    report: Report | None
    late: bool
    values: dict[str, Decimal]  # indicator code → the partner's figure


@dataclass
class Overview:
    """A unit's figures on a partner form: each partner's, and the total."""

    indicators: list[Indicator]
    columns: list[PartnerColumn]
    totals: dict[str, tuple[Decimal, str]]  # code → (value, source)

    @property
    def reported(self) -> list[PartnerColumn]:
        """The partners with a report or a figure: the table's columns."""
        return [c for c in self.columns if c.report is not None or c.values]

    @property
    def kept_totals(self) -> bool:
        """Whether a total is an officer's own, not the partners' sum."""
        return any(source != Source.COMPUTED for _, source in self.totals.values())

    @property
    def missing(self) -> list[PartnerColumn]:
        return [c for c in self.columns if c.report is None and not c.values]


def overview(*, form: Form, unit: AdministrativeUnit, period: Period) -> Overview:
    indicators = form_indicators(form)
    partners = partners_of(form)
    reports = {
        r.organisation_id: r
        for r in Report.objects.filter(
            form=form, unit=unit, period=period.code, organisation__in=partners
        )
    }
    parts: dict[str, dict[str, Decimal]] = {}
    totals: dict[str, tuple[Decimal, str]] = {}
    for code, disaggregation, value, source in DataValue.objects.filter(
        unit=unit, period=period.code, indicator__in=indicators
    ).values_list("indicator__code", "disaggregation", "value", "source"):
        if not disaggregation:
            totals[code] = (value, source)
        elif disaggregation.startswith(PARTNER_PREFIX):
            parts.setdefault(disaggregation, {})[code] = value
    return Overview(
        indicators,
        [
            PartnerColumn(
                org,
                found := reports.get(org.pk),
                found is not None and is_late(found, form, period),
                parts.get(partner_key(org.pk), {}),
            )
            for org in partners
        ],
        totals,
    )


@dataclass
class Task:
    form: Form
    organisation: Organisation
    unit: AdministrativeUnit
    period: Period
    report: Report | None


def is_partner_reporter(actor: Actor) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False)
        and actor.assignments.filter(role=Role.PARTNER_REPORTER).exists()
    )


def tasks(*, actor: Actor, day: dt.date) -> list[Task]:
    """What a partner reporter has to report: for each of their assignments,
    each partner form their organisation reports, each unit of the form's level
    in the assignment's subtree, for the form's last period complete on `day`
    (or on the unit's last day, for a unit of the former structure), with the
    report if one was started; then their earlier reports, newest first, those
    still open (returned to them, or drafts never sent) at the top."""
    out: list[Task] = []
    assignments = actor.assignments.filter(
        role=Role.PARTNER_REPORTER, organisation__isnull=False
    ).select_related("unit", "organisation")
    forms = [
        (form, partners_of(form))
        for form in Form.objects.filter(partner_reported=True).order_by("code")
    ]
    for a in assignments:
        for form, reporting in forms:
            if a.organisation not in reporting:
                continue
            period = period_due(form, a.unit, day)
            units = list(
                units_visible_to(actor)
                .subtree_of(a.unit.path)
                .filter(level=form.target_level)
                .valid_on(period.end)
                .order_by("path")[:TASKS_SHOWN]
            )
            reports = {
                r.unit_id: r
                for r in Report.objects.filter(
                    form=form,
                    unit__in=units,
                    period=period.code,
                    organisation=a.organisation,
                ).select_related("form")
            }
            out += [
                Task(form, a.organisation, u, period, reports.get(u.pk)) for u in units
            ]
        listed = {t.report.pk for t in out if t.report}
        out += [
            Task(r.form, a.organisation, r.unit, parse_period(r.period), r)
            for r in Report.objects.filter(
                organisation=a.organisation, unit__path__startswith=a.unit.path
            )
            .exclude(pk__in=listed)
            .select_related("form", "unit")
            .annotate(
                done=Case(
                    When(
                        status__in=[ReportStatus.RETURNED, ReportStatus.DRAFT], then=0
                    ),
                    default=1,
                )
            )
            .order_by("done", "-period", "unit__path")[:TASKS_SHOWN]
        ]
    return out
