"""Pivot, drill-down, export and import pages (thin: selectors read, services write)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cnscd.accounts.models import Organisation
from cnscd.core import uploads
from cnscd.core.concurrency import StaleVersion
from cnscd.core.downloads import attachment
from cnscd.core.formatting import parse_date
from cnscd.core.http import actor_of, scoped_login_required
from cnscd.core.params import parse_id, parse_period_param, parse_text_param
from cnscd.core.periods import Period
from cnscd.core.roles import NON_PARTNER_ROLES
from cnscd.core.spreadsheets import MAX_UPLOAD_BYTES
from cnscd.indicators import breakdowns, exports, partners, selectors, workflow
from cnscd.indicators import completeness as reporting
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.models import Form, Indicator, Report
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, unit_get_for

IMPORT_PURPOSE = "sheet_import"


def _period(
    request: HttpRequest,
    unit: AdministrativeUnit | None = None,
    kind: str = "sixmonthly",
    *,
    required: bool = False,
) -> Period:
    """The `period` parameter; blank, today's period of `kind` (the last one
    of a unit whose structure has ended), or an error when `required`."""
    return parse_period_param(
        request.GET.get("period", ""),
        "" if required else None,
        kind=kind,
        until=unit.valid_until if unit else None,
    )


def _form(request: HttpRequest) -> Form:
    code = parse_text_param(request, "form") or "pl-cnscd-huyen"
    form = Form.objects.filter(code=code).first()
    if form is None:
        raise BadRequest(f"Không có biểu mẫu “{code[:40]}”.")
    return form


def _unit(request: HttpRequest, *, partners: bool = False) -> AdministrativeUnit:
    """The unit asked for, if the actor may see its figures; a partner
    reporter reaches only the report page (its own reports)."""
    return unit_get_for(
        actor=actor_of(request),
        pk=request.GET.get("unit"),
        roles=None if partners else NON_PARTNER_ROLES,
    )


def _organisation(request: HttpRequest, form: Form) -> Organisation | None:
    """The partner whose report is asked for (`org`), one of the form's."""
    raw = parse_text_param(request, "org")
    if not raw:
        return None
    pk = parse_id(raw)
    found = [
        o
        for o in (selectors.partners_of(form) if form.partner_reported else [])
        if o.pk == pk
    ]
    if not found:
        raise Http404
    return found[0]


def _report_url(report: Report) -> str:
    url = (
        f"/indicators/report/?unit={report.unit_id}&period={report.period}"
        f"&form={report.form.code}"
    )
    return f"{url}&org={report.organisation_id}" if report.organisation_id else url


@scoped_login_required
def pivot(request: HttpRequest) -> HttpResponse:
    """Child units × the form's indicators for a period, with the total row."""
    unit = _unit(request)
    period = _period(request, unit)
    form = _form(request)
    table = selectors.pivot(
        actor=actor_of(request), unit=unit, period=period, form=form
    )
    return render(
        request,
        "indicators/pivot.html",
        {
            "table": table,
            "unit": unit,
            "period": period,
            "form": form,
            "forms": Form.objects.order_by("code"),
            "statuses": {}
            if form.partner_reported or form.from_activities  # no unit sends these
            else reporting.report_statuses(
                form=form, units=[r.unit for r in table.rows], period=period
            ),
            "can_import": can_manage(actor_of(request), unit),
        },
    )


@scoped_login_required
def pivot_export(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    period = _period(request, unit)
    table = selectors.pivot(
        actor=actor_of(request), unit=unit, period=period, form=_form(request)
    )
    content = exports.render_pivot(table)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return attachment(response, f"tong-hop-{unit.code}-{period.code}.xlsx")


@scoped_login_required
def cell(request: HttpRequest) -> HttpResponse:
    """The raw values behind one pivot cell, with where each came from."""
    unit = _unit(request)
    period = _period(request, required=True)
    indicator = Indicator.objects.filter(
        code=parse_text_param(request, "indicator")
    ).first()
    if indicator is None:
        raise Http404
    values = selectors.counted(
        selectors.cell_sources(
            actor=actor_of(request), unit=unit, indicator=indicator, period=period
        ),
        unit,
    )
    return render(
        request,
        "indicators/cell.html",
        {"unit": unit, "period": period, "indicator": indicator, "values": values},
    )


@scoped_login_required
@require_http_methods(["GET", "POST"])
def sheet_import(request: HttpRequest) -> HttpResponse:
    """Upload an appendix-style sheet → findings and rows → map unknown columns → store."""
    parent = _unit(request)
    if not can_manage(actor_of(request), parent):
        raise Http404
    forms = Form.objects.order_by("code")
    context: dict[str, Any] = {
        "parent": parent,
        "forms": forms,
        "result": None,
        "token": "",
    }
    if request.method == "POST":
        period = request.POST.get("period", "").strip()
        form = Form.objects.filter(code=request.POST.get("form", "")).first()
        try:
            data, filename, token = uploads.received(
                request, IMPORT_PURPOSE, MAX_UPLOAD_BYTES
            )
        except uploads.UploadMissing as exc:
            messages.error(request, exc.message)
            return redirect(f"{request.path}?unit={parent.pk}")
        mappings: dict[str, str] = {
            k[4:]: str(v) for k, v in request.POST.items() if k.startswith("map:") and v
        }
        store = request.POST.get("store") == "1"
        raw_day = request.POST.get("received_on", "").strip()
        received_on = parse_date(raw_day) if raw_day else None
        if raw_day and received_on is None:
            uploads.discard(request.session, IMPORT_PURPOSE)
            messages.error(request, "Ngày nhận tệp không hợp lệ.")
            return redirect(f"{request.path}?unit={parent.pk}")
        try:
            result = import_sheet(
                actor=actor_of(request),
                data=data,
                filename=filename,
                period=period,
                parent=parent,
                form=form,
                dry_run=not store,
                confirmed_mappings=mappings or None,
                received_on=received_on,
            )
        except (ValidationError, PermissionDenied) as exc:
            uploads.discard(request.session, IMPORT_PURPOSE)  # refused: not kept
            messages.error(
                request,
                exc.messages[0] if isinstance(exc, ValidationError) else str(exc),
            )
            return redirect(f"{request.path}?unit={parent.pk}")
        if result.stored:
            uploads.discard(request.session, IMPORT_PURPOSE)
            messages.success(
                request, f"Đã lưu {len(result.rows)} dòng cho kỳ {result.period.label}."
            )
            assert result.form is not None  # noqa: S101
            return redirect(
                f"/indicators/pivot/?unit={parent.pk}&period={result.period.code}&form={result.form.code}"
            )
        context.update(
            {
                "result": result,
                "token": token
                or uploads.keep(request.session, IMPORT_PURPOSE, data, filename),
                "received_on": received_on,
                "period": period,
                "form": result.form,
                "unmapped": [f for f in result.findings if f.kind == "unmapped_column"],
                "unsure": [f for f in result.findings if f.kind == "unsure_column"],
                "form_indicators": selectors.form_indicators(result.form)
                if result.form
                else [],
            }
        )
    return render(request, "indicators/import.html", context)


@scoped_login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """One unit's report for a form and period: enter, save, submit; the level
    above approves or returns it; an approved one is corrected as a revision."""
    unit = _unit(request, partners=True)
    form = _form(request)
    period = _period(request, unit, form.period_type)
    organisation = _organisation(request, form)
    current = workflow.report_for_display(
        form=form, unit=unit, period=period, organisation=organisation
    )
    if not workflow.can_view(actor_of(request), current):
        raise Http404
    errors: dict[str, str] = {}
    findings: list[Any] = []
    raw: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        version_text = request.POST.get("version", "").strip()
        if not version_text.isdigit():
            raise BadRequest("Thiếu hoặc sai phiên bản của báo cáo; hãy tải lại trang.")
        version = int(version_text)
        raw = {k[2:]: str(v) for k, v in request.POST.items() if k.startswith("v:")}
        try:
            if action in ("save", "submit"):
                result = workflow.report_save(
                    actor=actor_of(request),
                    report=current,
                    period=period,
                    version=version,
                    raw=raw,
                    submit=action == "submit",
                )
                findings = result.findings
                messages.success(
                    request,
                    "Đã gửi báo cáo." if action == "submit" else "Đã lưu bản nháp.",
                )
            elif action == "approve":
                workflow.report_approve(
                    actor=actor_of(request), report=current, version=version
                )
                messages.success(request, "Đã duyệt báo cáo.")
            elif action == "return":
                workflow.report_return(
                    actor=actor_of(request),
                    report=current,
                    version=version,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(
                    request,
                    "Đã trả lại báo cáo cho "
                    + ("doanh nghiệp." if organisation else "đơn vị."),
                )
            elif action == "reopen":
                workflow.report_reopen(
                    actor=actor_of(request),
                    report=current,
                    version=version,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(
                    request, "Đã mở bản sửa; bản đã duyệt được lưu để đối chiếu."
                )
            else:
                raise BadRequest("Thao tác không hợp lệ.")
        except StaleVersion as exc:
            messages.error(request, exc.message)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: v[0].messages[0] for k, v in exc.error_dict.items()}
            else:
                messages.error(request, " ".join(exc.messages))
        if not errors and not findings:
            return redirect(_report_url(current))
        current = workflow.report_for_display(
            form=form, unit=unit, period=period, organisation=organisation
        )
    gathering = form.partner_reported and organisation is None
    if not (
        workflow.can_enter(actor_of(request), current)
        or workflow.can_approve(actor_of(request), current)
        or current.pk
        or gathering
    ):
        raise Http404
    values = workflow.current_values(current)

    def field(name: str) -> dict[str, Any]:
        return {
            "name": name,
            "value": values.get(name),
            "raw": raw.get(name, "") if raw else "",
            "error": errors.get(name, ""),
        }

    rows = [
        {
            "indicator": ind,
            **field(ind.code),
            "breakdowns": [
                {
                    "label": b.label,
                    "parts": [
                        {
                            "label": p.label,
                            **field(breakdowns.field_name(ind.code, p.key)),
                        }
                        for p in b.parts
                    ],
                }
                for b in ([] if organisation else breakdowns.breakdowns_for(ind, form))
            ],
        }
        for ind in selectors.form_indicators(form)
    ]
    return render(
        request,
        "indicators/report.html",
        {
            "report": current,
            "organisation": organisation,
            "overview": partners.overview(form=form, unit=unit, period=period)
            if gathering
            else None,
            "unit": unit,
            "period": period,
            "form": form,
            "rows": rows,
            "editable": current.status in workflow.EDITABLE
            and workflow.can_enter(actor_of(request), current),
            "can_approve": workflow.can_approve(actor_of(request), current),
            "findings": findings,
            "diff": workflow.report_diff(current),
            "revisions": current.revisions.all() if current.pk else [],
            "late": reporting.is_late(current, current.form, period)
            if current.pk
            else False,
        },
    )


@scoped_login_required
def completeness(request: HttpRequest) -> HttpResponse:
    """Which units under a unit should report a form for a period, which did,
    which were late."""
    unit = _unit(request)
    form = _form(request)
    period = _period(request, unit, form.period_type)
    rows = reporting.completeness(
        actor=actor_of(request), unit=unit, form=form, period=period
    )
    reported, _, late = reporting.counts(rows)
    return render(
        request,
        "indicators/completeness.html",
        {
            "unit": unit,
            "period": period,
            "form": form,
            "rows": rows,
            "reported": reported,
            "late": late,
            "expected": reporting.expected_periods(form, period),
        },
    )


@scoped_login_required
def partner_tasks(request: HttpRequest) -> HttpResponse:
    """A partner reporter's list: each unit their organisation reports to, for
    each partner form's last complete period."""
    tasks = partners.tasks(actor=actor_of(request), day=timezone.localdate())
    if not tasks and not partners.is_partner_reporter(actor_of(request)):
        raise Http404
    return render(
        request,
        "indicators/partner_tasks.html",
        {
            "tasks": [
                (
                    t,
                    _report_url(
                        t.report
                        or Report(
                            form=t.form,
                            unit=t.unit,
                            period=t.period.code,
                            organisation=t.organisation,
                        )
                    ),
                )
                for t in tasks
            ]
        },
    )


@scoped_login_required
def report_start(request: HttpRequest) -> HttpResponse:
    """From a unit's page: its level's form for the last complete period."""
    unit = _unit(request)
    form = selectors.form_for_level(unit.level)
    if form is None:
        raise Http404
    period = selectors.period_due(form, unit, timezone.localdate())
    return redirect(_report_url(Report(form=form, unit=unit, period=period.code)))
