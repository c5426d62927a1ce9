"""Report pages: edit the report's header and free-text sections with the
drafted narrative beside them, generate files (inline or as a job with its
progress), download them (thin views)."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cnscd.core.concurrency import StaleVersion
from cnscd.core.downloads import attachment
from cnscd.core.http import actor_of, errors_as_messages, scoped_login_required
from cnscd.core.params import parse_period_param
from cnscd.core.periods import Period
from cnscd.core.roles import NON_PARTNER_ROLES
from cnscd.core.system import Actor
from cnscd.reports import narrative, selectors, services
from cnscd.reports import render as renderers
from cnscd.reports.choices import FileFormat, JobStatus
from cnscd.reports.models import ReportDocument
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, can_replace_template, unit_get_for

CONTENT_TYPES = {
    FileFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.PDF: "application/pdf",
}


def _target(request: HttpRequest) -> tuple[AdministrativeUnit, Period]:
    data = request.POST if request.method == "POST" else request.GET
    unit = unit_get_for(
        actor=actor_of(request), pk=data.get("unit"), roles=NON_PARTNER_ROLES
    )
    return unit, parse_period_param(data.get("period", ""), until=unit.valid_until)


def _page_url(unit: AdministrativeUnit, period: Period) -> str:
    return f"/reports/?unit={unit.pk}&period={period.code}"


def _render_page(
    request: HttpRequest,
    unit: AdministrativeUnit,
    period: Period,
    document: ReportDocument,
    status: int = 200,
) -> HttpResponse:
    content = selectors.report_content(
        actor=actor_of(request), unit=unit, period=period, document=document
    )
    drafts = narrative.suggestions(content)
    return render(
        request,
        "reports/page.html",
        {
            "unit": unit,
            "period": period,
            "doc": document,
            "drafts": drafts,
            **renderers.context(content),
            "files": selectors.files_visible_to(actor_of(request)).filter(
                document__unit=unit, document__period=period.code
            )[:20],
            "formats": FileFormat.choices,
            "can_edit": can_manage(actor_of(request), unit),
            "template": selectors.template_for(unit),
            "can_restyle": can_replace_template(actor_of(request), unit),
        },
        status=status,
    )


@scoped_login_required
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    unit, period = _target(request)
    document = selectors.document_for(actor=actor_of(request), unit=unit, period=period)
    return _render_page(request, unit, period, document)


@scoped_login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """Save the header and free text; on a refusal the page comes back with
    what was typed, so nothing is lost."""
    unit, period = _target(request)
    fields: dict[str, Any] = {k: request.POST.get(k, "") for k in services.EDITABLE}
    raw_date = fields.pop("issued_on").strip()
    try:
        fields["issued_on"] = dt.date.fromisoformat(raw_date) if raw_date else None
        services.document_save(
            actor=actor_of(request),
            unit=unit,
            period=period,
            fields=fields,
            version=int(request.POST.get("version") or 0),
        )
    except (StaleVersion, ValidationError, ValueError) as exc:
        message = (
            exc.message
            if isinstance(exc, StaleVersion)
            else " ".join(exc.messages)
            if isinstance(exc, ValidationError)
            else "Ngày ban hành không hợp lệ."
        )
        messages.error(request, message)
        typed = selectors.document_for(
            actor=actor_of(request), unit=unit, period=period
        )
        for k, v in fields.items():
            setattr(typed, k, v if k != "issued_on" or v else None)
        return _render_page(
            request,
            unit,
            period,
            typed,
            status=409 if isinstance(exc, StaleVersion) else 400,
        )
    messages.success(request, "Đã lưu báo cáo.")
    return redirect(_page_url(unit, period))


@scoped_login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    unit, period = _target(request)
    with errors_as_messages(request):
        row = services.generation_request(
            actor=actor_of(request),
            unit=unit,
            period=period,
            fmt=request.POST.get("format", ""),
        )
        if row.status == JobStatus.DONE:
            messages.success(request, f"Đã tạo tệp {row.get_format_display()}.")
        elif row.status == JobStatus.FAILED:
            messages.error(request, f"Không tạo được tệp: {row.error}")
        else:
            messages.info(request, "Đã đưa vào hàng đợi; tiến độ hiện ở bảng dưới.")
    return redirect(_page_url(unit, period))


@scoped_login_required
@require_http_methods(["GET", "POST"])
def template(request: HttpRequest) -> HttpResponse:
    """GET: the Word template the unit's report uses (to restyle in Word).
    POST: upload a restyled one, or go back to the default."""
    unit, period = _target(request)
    if request.method == "GET":
        response = HttpResponse(
            services.template_bytes(unit), content_type=CONTENT_TYPES[FileFormat.DOCX]
        )
        return attachment(response, f"mau-bao-cao-{unit.code}.docx")
    with errors_as_messages(request):
        if request.POST.get("action") == "reset":
            services.template_reset(actor=actor_of(request), unit=unit)
            messages.success(request, "Đã dùng lại mẫu báo cáo mặc định.")
        else:
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError("Hãy chọn tệp Word .docx.")
            services.template_upload(
                actor=actor_of(request),
                unit=unit,
                period=period,
                data=upload.read(services.TEMPLATE_MAX_BYTES + 1),
                filename=upload.name or "mau.docx",
            )
            messages.success(request, "Đã dùng mẫu báo cáo mới cho đơn vị.")
    return redirect(_page_url(unit, period))


@scoped_login_required
@require_GET
def file_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the files table (htmx polls it while the job runs)."""
    row = selectors.file_get_for(actor=actor_of(request), pk=pk)
    return render(request, "reports/_file_row.html", {"f": row})


@scoped_login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    return download_response(actor_of(request), pk)


def download_response(actor: Actor, pk: int) -> FileResponse:
    """The file as an attachment, to those who may see its unit (else 404)."""
    row = selectors.file_get_for(actor=actor, pk=pk)
    path = services.file_path(row)
    if row.status != JobStatus.DONE or path is None or not path.exists():
        raise Http404
    response = FileResponse(
        path.open("rb"), content_type=CONTENT_TYPES[FileFormat(row.format)]
    )
    return attachment(response, row.filename)
