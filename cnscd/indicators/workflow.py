"""A report's life: draft → submitted → approved, or returned with a reason.
Approved reports are locked; a correction opens a new revision and keeps the
approved values for comparison. Saves check the version the form was opened
with, so a second officer's save is refused, not silently lost."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cnscd.accounts.models import Organisation
from cnscd.core import audit
from cnscd.core.concurrency import StaleVersion
from cnscd.core.numbers import NumberError, parse_vn_number
from cnscd.core.periods import Period
from cnscd.core.roles import NON_PARTNER_ROLES
from cnscd.core.system import Actor, user_row
from cnscd.indicators import breakdowns, partners, quality, services
from cnscd.indicators.choices import OPEN_STATUSES, ReportStatus, Source, ValueType
from cnscd.indicators.models import (
    DataValue,
    Form,
    Report,
    ReportRevision,
)
from cnscd.indicators.selectors import form_indicators, partner_key
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, scope_paths

EDITABLE = OPEN_STATUSES


def report_for_display(
    *,
    form: Form,
    unit: AdministrativeUnit,
    period: Period,
    organisation: Organisation | None = None,
) -> Report:
    """The stored report (a partner's when `organisation` is given), or an
    unsaved draft (a GET never writes)."""
    return Report.objects.filter(
        form=form, unit=unit, period=period.code, organisation=organisation
    ).first() or Report(
        form=form, unit=unit, period=period.code, organisation=organisation
    )


def current_values(report: Report) -> dict[str, Decimal]:
    """Indicator code → total, and "code|sex=Nam" → a part of it; on a
    partner's report, indicator code → the partner's figure. The unit's
    figures, whichever report holds them: a form opened for the first time
    shows what another form already says (one figure per unit, issue #14),
    so that saving it unchanged changes nothing."""
    rows = DataValue.objects.filter(
        unit=report.unit,
        period=report.period,
        indicator__in=form_indicators(report.form),
    )
    if report.organisation_id:  # its figures, even those entered before it existed
        return dict(
            rows.filter(disaggregation=partner_key(report.organisation_id)).values_list(
                "indicator__code", "value"
            )
        )
    return {
        breakdowns.field_name(v.indicator.code, v.disaggregation)
        if v.disaggregation
        else v.indicator.code: v.value
        for v in rows.select_related("indicator")
    }


def can_enter(actor: Actor, report: Report) -> bool:
    """The unit's officers; on a partner's report, the partner's reporters
    (and the officers, typing what a partner sent on paper). Nobody types the
    totals of a partner form: they are the sum of the partners'."""
    if report.organisation_id:
        return partners.fits_form(report) and (
            report.organisation_id
            in partners.organisations_reporting(actor, report.unit)
            or can_manage(actor, report.unit)
        )
    return (
        not report.form.partner_reported
        and not report.form.from_activities
        and can_manage(actor, report.unit)
    )


def can_approve(actor: Actor, report: Report) -> bool:
    """Officers of the level above approve (operators approve province reports);
    the unit's own officers approve what partners report to it."""
    if report.organisation_id:
        return partners.fits_form(report) and can_manage(actor, report.unit)
    if report.form.partner_reported or report.form.from_activities:
        return False
    parent = report.unit.parent
    return (
        can_manage(actor, parent)
        if parent
        else bool(getattr(actor, "is_superuser", False))
    )


def can_view(actor: Actor, report: Report) -> bool:
    """Who may read a report: whoever enters or approves it, and anyone but a
    partner reporter whose units include it (a partner sees only its own)."""
    if can_enter(actor, report) or can_approve(actor, report):
        return True
    paths = scope_paths(actor, roles=NON_PARTNER_ROLES)
    return paths is None or any(report.unit.path.startswith(p) for p in paths)


def _bump(report: Report, version: int) -> Report:
    """Claim the report for this write: it must still be at `version`."""
    if report.pk is None:
        report, _ = Report.objects.get_or_create(
            form=report.form,
            unit=report.unit,
            period=report.period,
            organisation=report.organisation,
        )
    if not Report.objects.filter(pk=report.pk, version=version).update(
        version=version + 1
    ):
        raise StaleVersion
    report.refresh_from_db()
    return report


@dataclass
class Entered:
    totals: dict[str, Decimal | None]  # indicator code → total
    parts: dict[tuple[str, str], Decimal | None]  # (code, "sex=Nam") → part


def _parse(report: Report, raw: dict[str, str]) -> Entered:
    """The typed totals and their parts; errors by field (a number that cannot
    be read, parts that exceed their total)."""
    errors: dict[str, str] = {}
    entered = Entered({}, {})

    def number(field: str, indicator: Any) -> Decimal | None:
        try:
            return parse_vn_number(
                raw.get(field, ""),
                integer=indicator.value_type == ValueType.INTEGER,
                maximum=indicator.maximum,
            )
        except NumberError as exc:
            errors[field] = str(exc)
            return None

    for ind in form_indicators(report.form):
        total = number(ind.code, ind)
        if report.organisation_id:  # a partner gives its own figure, unsplit
            entered.totals[ind.code] = total
            continue
        split = breakdowns.breakdowns_for(ind, report.form)
        parts = {
            p.key: number(breakdowns.field_name(ind.code, p.key), ind)
            for b in split
            for p in b.parts
        }
        total, too_much = breakdowns.check(ind, total, split, parts)
        errors.update(too_much)
        entered.totals[ind.code] = total
        entered.parts.update({(ind.code, key): v for key, v in parts.items()})
    if errors:
        raise ValidationError(errors)
    return entered


@dataclass
class SaveResult:
    report: Report
    findings: list[quality.Finding]


def check_report(
    report: Report, values: dict[str, Decimal | None]
) -> list[quality.Finding]:
    """The data-quality checks a submitted report goes through."""
    columns = form_indicators(report.form)
    row = quality.ValueRow(None, report.unit.name, report.unit.code, values)
    rules = quality.rules_among(columns)
    findings = quality.check_rules([row], rules) + quality.check_digit_preference(
        [row], columns
    )
    from cnscd.core.periods import parse_period

    period = parse_period(report.period)
    span = period.last_month - period.first_month
    history: dict[str, list[Decimal]] = {}
    for code, value, first, last in DataValue.objects.filter(
        unit=report.unit,
        indicator__in=columns,
        last_month__lt=period.first_month,
        disaggregation=partner_key(report.organisation_id)
        if report.organisation_id
        else "",
    ).values_list("indicator__code", "value", "first_month", "last_month"):
        if last - first == span:
            history.setdefault(code, []).append(value)
    return findings + quality.check_history(row, history, columns)


@transaction.atomic
def report_save(
    *,
    actor: Actor,
    report: Report,
    period: Period,
    version: int,
    raw: dict[str, str],
    submit: bool = False,
) -> SaveResult:
    """Save the entered values as a draft, or submit them (quality checks run;
    an error finding blocks the submission)."""
    if not can_enter(actor, report):
        raise PermissionDenied("Bạn không nhập được báo cáo của đơn vị này.")
    if report.pk and report.status not in EDITABLE:
        raise ValidationError(
            "Báo cáo đã gửi hoặc đã duyệt nên không sửa trực tiếp được: "
            "cần được trả lại hoặc mở bản sửa."
        )
    entered = _parse(report, raw)
    values = entered.totals
    findings = check_report(report, values) if submit else []
    if any(f.severity == "error" for f in findings):
        raise ValidationError([f.message for f in findings if f.severity == "error"])
    report = _bump(report, version)
    indicators = {i.code: i for i in form_indicators(report.form)}
    if report.organisation_id:  # the partner's figures are its parts
        entered = Entered(
            {},
            {(c, partner_key(report.organisation_id)): v for c, v in values.items()},
        )
    services.values_store(
        actor=actor,
        report=report,
        period=period,
        values=[
            services.ValueInput(indicators[c], v, source=Source.ENTERED)
            for c, v in entered.totals.items()
        ]
        + [
            services.ValueInput(indicators[c], v, disaggregation=key)
            for (c, key), v in entered.parts.items()
        ],
        status=ReportStatus.SUBMITTED if submit else ReportStatus.DRAFT,
    )
    if report.organisation_id:
        partners.refresh_totals(
            actor=actor, form=report.form, unit=report.unit, period=period
        )
    report.refresh_from_db()
    audit.record(
        actor=actor,
        action="report.submit" if submit else "report.save",
        obj=report,
        unit_path=report.unit.path,
        after={
            k: str(v) if v is not None else None
            for k, v in [
                *entered.totals.items(),
                *(
                    (breakdowns.field_name(c, key), v)
                    for (c, key), v in entered.parts.items()
                    if v is not None
                ),
            ]
        },
    )
    return SaveResult(report, findings)


def _transition(
    actor: Actor,
    report: Report,
    version: int,
    *,
    allowed: set[str],
    to: str,
    action: str,
    reason: str = "",
) -> Report:
    if report.pk is None or report.status not in allowed:
        raise ValidationError("Báo cáo không ở trạng thái cho phép thao tác này.")
    report = _bump(report, version)
    report.status = to
    if to == ReportStatus.APPROVED:
        report.approved_at, report.approved_by = (
            timezone.now(),
            user_row(actor),
        )
    if to == ReportStatus.RETURNED:
        report.return_reason = reason
    report.save()
    audit.record(
        actor=actor,
        action=action,
        obj=report,
        unit_path=report.unit.path,
        after={"status": to, "reason": reason} if reason else {"status": to},
    )
    return report


@transaction.atomic
def report_approve(*, actor: Actor, report: Report, version: int) -> Report:
    if not can_approve(actor, report):
        raise PermissionDenied("Chỉ cán bộ cấp trên mới duyệt được báo cáo này.")
    return _transition(
        actor,
        report,
        version,
        allowed={ReportStatus.SUBMITTED},
        to=ReportStatus.APPROVED,
        action="report.approve",
    )


@transaction.atomic
def report_return(*, actor: Actor, report: Report, version: int, reason: str) -> Report:
    if not can_approve(actor, report):
        raise PermissionDenied("Chỉ cán bộ cấp trên mới trả lại được báo cáo này.")
    if not reason.strip():
        raise ValidationError("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")
    return _transition(
        actor,
        report,
        version,
        allowed={ReportStatus.SUBMITTED},
        to=ReportStatus.RETURNED,
        action="report.return",
        reason=reason.strip(),
    )


@transaction.atomic
def report_reopen(*, actor: Actor, report: Report, version: int, reason: str) -> Report:
    """Open a correction of an approved report: its approved values are kept as
    revision n, the report becomes revision n+1 in draft."""
    if not (can_approve(actor, report) or can_enter(actor, report)):
        raise PermissionDenied("Bạn không mở bản sửa được cho báo cáo này.")
    if not reason.strip():
        raise ValidationError("Hãy ghi lý do cần sửa báo cáo đã duyệt.")
    if report.status != ReportStatus.APPROVED:
        raise ValidationError("Chỉ báo cáo đã duyệt mới cần mở bản sửa.")
    ReportRevision.objects.create(
        report=report,
        revision=report.revision,
        values={k: str(v) for k, v in current_values(report).items()},
        approved_at=report.approved_at,
        approved_by=report.approved_by,
        reopened_by=user_row(actor),
        reason=reason.strip(),
    )
    report = _transition(
        actor,
        report,
        version,
        allowed={ReportStatus.APPROVED},
        to=ReportStatus.DRAFT,
        action="report.reopen",
        reason=reason.strip(),
    )
    Report.objects.filter(pk=report.pk).update(revision=report.revision + 1)
    report.refresh_from_db()
    return report


def report_diff(
    report: Report,
) -> list[tuple[str, str, Decimal | None, Decimal | None]]:
    """(code, name, approved value of the last revision, current value) where they differ."""
    last = report.revisions.order_by("-revision").first() if report.pk else None
    if last is None:
        return []
    now = current_values(report)
    out = []
    for ind in form_indicators(report.form):
        before = Decimal(last.values[ind.code]) if ind.code in last.values else None
        after = now.get(ind.code)
        if before != after:
            out.append((ind.code, ind.name, before, after))
    return out
