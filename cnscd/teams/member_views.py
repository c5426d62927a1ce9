"""Pages of the members of a body: add, edit and end a membership, the
member list, a person's page and merging two records of one person."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cnscd.core.concurrency import StaleVersion
from cnscd.core.http import actor_of, scoped_login_required
from cnscd.core.params import (
    parse_choice_param,
    parse_date_param,
    parse_id_param,
    parse_text_param,
)
from cnscd.teams import forms, people, selectors
from cnscd.teams.choices import BodyKind, Position
from cnscd.teams.views import _error, _page, _unit_param


@scoped_login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_get_for(actor=actor_of(request), pk=pk)
    if not selectors.can_edit_body(actor_of(request), body):
        raise Http404
    form = forms.MemberAddForm(
        request.POST or None, initial={"position": Position.MEMBER}
    )
    if request.method == "POST" and form.is_valid():
        try:
            people.membership_add(
                actor=actor_of(request),
                body=body,
                person_fields=form.person_fields(),
                position=form.cleaned_data["position"],
                custom_title=form.cleaned_data["custom_title"],
                affiliation=form.affiliation_obj(),
                affiliation_text=form.cleaned_data["affiliation_text"],
                started_on=form.cleaned_data["started_on"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error(exc))
        else:
            messages.success(request, "Đã thêm thành viên.")
            return redirect("teams:body_detail", pk=body.pk)
    return render(
        request,
        "teams/form.html",
        {
            "form": form,
            "title": f"Thêm thành viên — {body.name}",
            "cancel": f"/teams/{body.pk}/",
        },
    )


@scoped_login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for(actor=actor_of(request), pk=pk)
    if not selectors.can_edit_body(actor_of(request), membership.body):
        raise Http404
    initial = {
        "position": membership.position,
        "custom_title": membership.custom_title,
        "affiliation": membership.affiliation_id or "",
        "version": membership.version,
    }
    form = forms.MembershipEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            people.membership_update(
                actor=actor_of(request),
                membership=membership,
                version=form.cleaned_data["version"],
                position=form.cleaned_data["position"],
                custom_title=form.cleaned_data["custom_title"],
                affiliation=form.affiliation_obj(),
            )
        except StaleVersion as exc:
            messages.error(request, exc.message)
            return redirect("teams:membership_edit", pk=membership.pk)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error(exc))
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("teams:body_detail", pk=membership.body_id)
    return render(
        request,
        "teams/form.html",
        {
            "form": form,
            "title": f"{membership.person.full_name} — {membership.body.name}",
            "cancel": f"/teams/{membership.body_id}/",
        },
    )


@scoped_login_required
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for(actor=actor_of(request), pk=pk)
    if not selectors.can_edit_body(actor_of(request), membership.body):
        raise Http404
    form = forms.MembershipEndForm(request.POST)
    if form.is_valid():
        try:
            people.membership_end(
                actor=actor_of(request),
                membership=membership,
                on=form.cleaned_data["on"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error(exc))
        else:
            messages.success(request, f"{membership.person.full_name} đã rời tổ.")
    else:
        messages.error(request, "Hãy nhập ngày rời tổ.")
    return redirect("teams:body_detail", pk=membership.body_id)


@scoped_login_required
def member_list(request: HttpRequest) -> HttpResponse:
    """Members in scope: by unit, position, affiliation, date, name."""
    unit = _unit_param(request)
    active_on = parse_date_param(request, "active_on")
    qs = selectors.member_list(
        actor=actor_of(request),
        unit=unit,
        position=parse_choice_param(request, "position", Position.values),
        affiliation=parse_id_param(request, "affiliation"),
        active_on=active_on,
        kind=parse_choice_param(request, "kind", BodyKind.values),
        q=parse_text_param(request, "q"),
    )
    return render(
        request,
        "teams/member_list.html",
        {
            "page": _page(request, qs),
            "unit": unit,
            "positions": Position.choices,
            "organisations": selectors.organisations(),
            "kinds": BodyKind.choices,
            "params": request.GET,
            "show_contacts": selectors.can_see_contacts(actor_of(request)),
        },
    )


@scoped_login_required
@require_http_methods(["GET", "POST"])
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for(actor=actor_of(request), pk=pk)
    memberships = selectors.person_memberships(actor=actor_of(request), person=person)
    can_edit = any(
        selectors.can_edit_body(actor_of(request), m.body) for m in memberships
    )
    initial = {
        f: getattr(person, f)
        for f in ("full_name", "sex", "birth_year", "phone", "email", "zalo", "version")
    }
    form = forms.PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            data = form.person_fields()
            try:
                people.person_update(
                    actor=actor_of(request),
                    person=person,
                    version=form.cleaned_data["version"],
                    **data,
                )
            except StaleVersion as exc:
                messages.error(request, exc.message)
                return redirect("teams:person_detail", pk=person.pk)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _error(exc))
            else:
                messages.success(request, "Đã lưu thay đổi.")
                return redirect("teams:person_detail", pk=person.pk)
    return render(
        request,
        "teams/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "form": form,
            "can_edit": can_edit,
            "can_merge": selectors.can_manage_people(actor_of(request)),
            "duplicates": selectors.possible_duplicates(
                actor=actor_of(request), person=person
            ),
            "merge_form": forms.MergeForm(),
        },
    )


@scoped_login_required
@require_POST
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = selectors.person_get_for(actor=actor_of(request), pk=pk)
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập mã số người bị trùng.")
        return redirect("teams:person_detail", pk=keep.pk)
    duplicate = selectors.person_get_for(
        actor=actor_of(request), pk=form.cleaned_data["duplicate"]
    )
    try:
        people.person_merge(actor=actor_of(request), keep=keep, duplicate=duplicate)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(
            request,
            f"Đã gộp {duplicate.full_name} (mã {form.cleaned_data['duplicate']}) vào {keep.full_name}.",
        )
    return redirect("teams:person_detail", pk=keep.pk)
