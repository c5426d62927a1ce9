"""A team's activity log: the month's sessions, a new session, a correction
(thin: selectors read, services write)."""

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cnscd.activities import selectors, services
from cnscd.activities.forms import ActivityForm
from cnscd.core.concurrency import StaleVersion
from cnscd.core.http import actor_of, scoped_login_required
from cnscd.core.params import parse_period_param, parse_text_param
from cnscd.teams.models import Body


def _body(request: HttpRequest) -> Body:
    return selectors.team_log_get_for(
        actor=actor_of(request), pk=request.GET.get("body")
    )


def _list_url(body_id: int, month: str) -> str:
    return f"/activities/?body={body_id}&month={month}"


@scoped_login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    body = _body(request)
    raw = parse_text_param(request, "month")
    if re.fullmatch(r"\d{4}-\d{2}", raw):  # what <input type="month"> sends
        raw = raw.replace("-", "")
    month = parse_period_param(raw, timezone.localdate().strftime("%Y%m"))
    if month.kind != "monthly":
        raise Http404
    return render(
        request,
        "activities/list.html",
        {
            "body": body,
            "month": month,
            "previous": month.previous(),
            "month_input": f"{month.code[:4]}-{month.code[4:6]}",
            "log": selectors.month_log(actor=actor_of(request), body=body, month=month),
            "can_record": services.can_record(actor_of(request), body),
        },
    )


def _save(
    request: HttpRequest, form: ActivityForm, body: Body, action: Any
) -> HttpResponse | None:
    """Run a service; on success the month's list, on error None (the form
    carries the Vietnamese errors)."""
    try:
        activity = action()
    except StaleVersion as exc:
        messages.error(request, exc.message)
        return redirect(request.get_full_path())
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        form.add_error(None, exc)  # the service's errors land on their fields
        return None
    return redirect(_list_url(body.pk, activity.held_on.strftime("%Y%m")))


@scoped_login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    body = _body(request)
    if not services.can_record(actor_of(request), body):
        raise Http404
    form = ActivityForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            form,
            body,
            lambda: services.activity_create(
                actor=actor_of(request),
                body=body,
                entry=services.Entry(**form.entry_fields()),
            ),
        )
        if done is not None:
            messages.success(request, "Đã ghi buổi hoạt động vào nhật ký.")
            return done
    return render(
        request,
        "activities/form.html",
        {"form": form, "body": body, "title": f"Ghi buổi hoạt động — {body.name}"},
    )


@scoped_login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for(actor=actor_of(request), pk=pk)
    body = activity.body
    if not services.can_record(actor_of(request), body):
        raise Http404
    form = ActivityForm(
        request.POST or None,
        initial={
            "held_on": activity.held_on,
            "kind": activity.kind,
            "people_guided": str(activity.people_guided),
            "place": activity.place,
            "note": activity.note,
            "version": activity.version,
        },
    )
    if request.method == "POST" and request.POST.get("action") == "delete":
        version = request.POST.get("version", "").strip()
        if not version.isdigit():
            raise BadRequest("Thiếu phiên bản của buổi này; hãy tải lại trang.")
        month = activity.held_on.strftime("%Y%m")
        try:
            services.activity_delete(
                actor=actor_of(request), activity=activity, version=int(version)
            )
        except StaleVersion as exc:
            messages.error(request, exc.message)
            return redirect(request.get_full_path())
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, "Đã xóa buổi hoạt động khỏi nhật ký.")
        return redirect(_list_url(body.pk, month))
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            form,
            body,
            lambda: services.activity_update(
                actor=actor_of(request),
                activity=activity,
                version=form.cleaned_data["version"] or 0,
                entry=services.Entry(**form.entry_fields()),
            ),
        )
        if done is not None:
            messages.success(request, "Đã sửa buổi hoạt động.")
            return done
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "body": body,
            "activity": activity,
            "title": f"Sửa buổi hoạt động — {body.name}",
        },
    )
