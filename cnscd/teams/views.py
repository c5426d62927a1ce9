"""Pages for bodies, people, imports and exports (thin: selectors read, services write)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cnscd.accounts.models import Organisation
from cnscd.core import uploads
from cnscd.core.concurrency import StaleVersion
from cnscd.core.downloads import attachment
from cnscd.core.http import actor_of, scoped_login_required
from cnscd.core.params import (
    parse_choice_param,
    parse_date_param,
    parse_page_param,
    parse_text_param,
)
from cnscd.core.spreadsheets import MAX_UPLOAD_BYTES
from cnscd.teams import coverage as network
from cnscd.teams import exports, forms, selectors, services
from cnscd.teams.choices import BodyKind, BodyStatus
from cnscd.teams.imports import members_import
from cnscd.teams.member_rows import ACTION_LABELS
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, unit_get_for

PAGE_SIZE = 50


def _error(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return str(exc.messages[0])
    return str(exc) or "Bạn không có quyền thực hiện thao tác này."


def _unit_param(request: HttpRequest) -> AdministrativeUnit | None:
    raw = parse_text_param(request, "unit")
    return unit_get_for(actor=actor_of(request), pk=raw) if raw else None


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(parse_page_param(request))


# --- bodies -------------------------------------------------------------------------


@scoped_login_required
def body_list(request: HttpRequest) -> HttpResponse:
    """Committees and teams in scope, filtered by unit, kind, status, date, name."""
    unit = _unit_param(request)
    active_on = parse_date_param(request, "active_on")
    qs = selectors.body_list(
        actor=actor_of(request),
        unit=unit,
        kind=parse_choice_param(request, "kind", BodyKind.values),
        status=parse_choice_param(request, "status", BodyStatus.values),
        active_on=active_on,
        q=parse_text_param(request, "q"),
    )
    return render(
        request,
        "teams/body_list.html",
        {
            "page": _page(request, qs),
            "unit": unit,
            "kinds": BodyKind.choices,
            "statuses": BodyStatus.choices,
            "active_on": active_on,
            "params": request.GET,
        },
    )


@scoped_login_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    unit = _unit_param(request)
    if unit is None or not can_manage(actor_of(request), unit):
        raise Http404
    initial_kind = (
        BodyKind.COMMUNITY_TEAM
        if unit.level == Level.VILLAGE
        else BodyKind.STEERING_COMMITTEE
    )
    form = forms.BodyCreateForm(request.POST or None, initial={"kind": initial_kind})
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(
                actor=actor_of(request), unit=unit, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error(exc))
        else:
            messages.success(request, f"Đã tạo {body.name}.")
            return redirect("teams:body_detail", pk=body.pk)
    return render(
        request,
        "teams/form.html",
        {
            "form": form,
            "title": f"Thêm tổ — {unit.name}",
            "cancel": f"/units/{unit.pk}/",
        },
    )


@scoped_login_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_get_for(actor=actor_of(request), pk=pk)
    include_past = request.GET.get("history") == "1"
    return render(
        request,
        "teams/body_detail.html",
        {
            "body": body,
            "members": selectors.body_members(
                actor=actor_of(request), body=body, include_past=include_past
            ),
            "include_past": include_past,
            "decisions": selectors.body_decisions(body),
            "can_edit": selectors.can_edit_body(actor_of(request), body),
            "can_manage": can_manage(actor_of(request), body.unit),
            "status_form": forms.BodyStatusForm(
                initial={"status": body.status, "on": timezone.localdate()}
            ),
            "end_form": forms.MembershipEndForm(initial={"on": timezone.localdate()}),
        },
    )


@scoped_login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_get_for(actor=actor_of(request), pk=pk)
    if not selectors.can_edit_body(actor_of(request), body):
        raise Http404
    initial = {
        f: getattr(body, f)
        for f in ("name", "zalo_group_url", "zalo_oa_url", "note", "version")
    }
    form = forms.BodyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.body_update(
                actor=actor_of(request), body=body, version=version, **data
            )
        except StaleVersion as exc:
            messages.error(request, exc.message)
            return redirect("teams:body_edit", pk=body.pk)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error(exc))
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("teams:body_detail", pk=body.pk)
    return render(
        request,
        "teams/form.html",
        {"form": form, "title": f"Sửa {body.name}", "cancel": f"/teams/{body.pk}/"},
    )


@scoped_login_required
@require_POST
def body_status(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_get_for(actor=actor_of(request), pk=pk)
    if not can_manage(actor_of(request), body.unit):
        raise Http404
    form = forms.BodyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn trạng thái và ngày.")
        return redirect("teams:body_detail", pk=body.pk)
    merged_into = None
    if form.cleaned_data["merged_into"]:
        merged_into = selectors.body_get_for(
            actor=actor_of(request), pk=form.cleaned_data["merged_into"]
        )
    try:
        services.body_set_status(
            actor=actor_of(request),
            body=body,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            merged_into=merged_into,
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, "Đã cập nhật trạng thái.")
    return redirect("teams:body_detail", pk=body.pk)


@scoped_login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_get_for(actor=actor_of(request), pk=pk)
    if not can_manage(actor_of(request), body.unit):
        raise Http404
    form = forms.DecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_add(
                actor=actor_of(request), body=body, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error(exc))
        else:
            messages.success(request, "Đã ghi quyết định.")
            return redirect("teams:body_detail", pk=body.pk)
    return render(
        request,
        "teams/form.html",
        {
            "form": form,
            "title": f"Thêm quyết định — {body.name}",
            "cancel": f"/teams/{body.pk}/",
            "multipart": True,
        },
    )


@scoped_login_required
def decision_scan(request: HttpRequest, pk: int) -> FileResponse:
    """The decision's scanned PDF, as an attachment, if the body is in scope."""
    decision = selectors.decision_get_for(actor=actor_of(request), pk=pk)
    if not decision.scan:
        raise Http404
    return attachment(
        FileResponse(decision.scan.open("rb"), content_type="application/pdf"),
        f"quyet-dinh-{decision.number.replace('/', '-')}.pdf",
    )


# --- import, export, organisations, coverage -------------------------------------------

IMPORT_PURPOSE = "members_import"


@scoped_login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest) -> HttpResponse:
    """Upload a commune's member list → dry run row by row → confirm (all or none)."""
    commune = _unit_param(request)
    if (
        commune is None
        or commune.level != Level.COMMUNE
        or not can_manage(actor_of(request), commune)
    ):
        raise Http404
    form = forms.MemberImportForm(request.POST or None, request.FILES or None)
    result, token = None, ""
    create_villages = request.POST.get("create_villages") in ("on", "1", "true")
    if request.method == "POST" and request.POST.get("confirm") == "1":
        kept = uploads.fetch(
            request.session, IMPORT_PURPOSE, request.POST.get("token", "")
        )
        if kept is None:
            messages.error(request, "Phiên nhập đã hết hạn; hãy tải tệp lên lại.")
            return redirect(f"{request.path}?unit={commune.pk}")
        try:
            result = members_import(
                actor=actor_of(request),
                commune=commune,
                data=kept[0],
                filename=kept[1],
                create_villages=create_villages,
            )
        except (ValidationError, PermissionDenied) as exc:
            uploads.discard(request.session, IMPORT_PURPOSE)
            messages.error(request, _error(exc))
            return redirect(f"{request.path}?unit={commune.pk}")
        uploads.discard(request.session, IMPORT_PURPOSE)  # stored, or refused
        if result.stored:
            d = result.as_dict()
            messages.success(
                request,
                f"Đã nhập: tạo mới {d['created']}, cập nhật {d['updated']}, "
                f"giữ nguyên {d['unchanged']}.",
            )
            return redirect(f"/teams/?unit={commune.pk}")
    elif request.method == "POST" and form.is_valid():
        upload: UploadedFile[bytes] = form.cleaned_data["file"]
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            result = members_import(
                actor=actor_of(request),
                commune=commune,
                data=data,
                filename=upload.name or "",
                create_villages=create_villages,
                dry_run=True,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error("file", _error(exc))
        else:
            if not result.rejected:
                token = uploads.keep(
                    request.session, IMPORT_PURPOSE, data, upload.name or ""
                )
    return render(
        request,
        "teams/member_import.html",
        {
            "form": form,
            "result": result,
            "token": token,
            "commune": commune,
            "labels": ACTION_LABELS,
            "create_villages": create_villages,
        },
    )


@scoped_login_required
def member_export(request: HttpRequest) -> HttpResponse:
    unit = _unit_param(request)
    if unit is None:
        raise Http404
    day = parse_date_param(request, "active_on") or timezone.localdate()
    export = exports.build_member_export(actor=actor_of(request), unit=unit, day=day)
    content = exports.render_member_export(export)
    services.export_recorded(
        actor=actor_of(request), unit=unit, rows=len(export.rows), content=content
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return attachment(response, export.filename)


@scoped_login_required
@require_http_methods(["GET", "POST"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = forms.OrganisationForm(
        request.POST or None, initial={"kind": Organisation.Kind.OTHER}
    )
    can_add = selectors.can_manage_people(actor_of(request))
    if request.method == "POST":
        if not can_add:
            raise Http404
        if form.is_valid():
            try:
                services.organisation_create(
                    actor=actor_of(request), **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _error(exc))
            else:
                messages.success(request, "Đã thêm tổ chức.")
                return redirect("teams:organisation_list")
    return render(
        request,
        "teams/organisation_list.html",
        {
            "organisations": Organisation.objects.order_by("kind", "name"),
            "form": form,
            "can_add": can_add,
        },
    )


@scoped_login_required
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    """The network under a unit on a date (a section of the unit page, via htmx)."""
    unit = unit_get_for(actor=actor_of(request), pk=pk)
    day = parse_date_param(request, "on") or timezone.localdate()
    data = network.unit_coverage(actor=actor_of(request), unit=unit, day=day)
    template = (
        "teams/coverage.html"
        if request.GET.get("partial") != "1"
        else "teams/_coverage.html"
    )
    return render(
        request,
        template,
        {
            "unit": unit,
            "cov": data,
            "day": day,
            "can_manage": can_manage(actor_of(request), unit),
            "Level": Level,
        },
    )
