"""User management for officers, within the units they manage; the sign-in's
second-factor step."""

from typing import Any

from allauth.account.internal.stagekit import stash_login
from allauth.mfa.base.views import AuthenticateView
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cnscd.accounts import lockout, selectors, services
from cnscd.accounts.forms import AssignForm, PasswordResetByOfficerForm, UserCreateForm
from cnscd.accounts.models import User
from cnscd.core.http import actor_of
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, unit_get_for


def _require_manager(request: HttpRequest) -> None:
    if not selectors.can_manage_users(actor_of(request)):
        raise Http404


def _managed_unit(request: HttpRequest) -> AdministrativeUnit:
    unit = unit_get_for(actor=actor_of(request), pk=request.GET.get("unit"))
    if not can_manage(actor_of(request), unit):
        raise Http404
    return unit


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """Users whose assignments all lie inside the units the officer manages."""
    _require_manager(request)
    return render(
        request,
        "accounts/user_list.html",
        {"users": selectors.user_list(actor=actor_of(request))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    """Create an account on a unit (opened from the unit's page)."""
    _require_manager(request)
    unit = _managed_unit(request)
    form = UserCreateForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        password = services.generate_password()
        try:
            user = services.user_create(
                actor=actor_of(request),
                unit=unit,
                password=password,
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(
                None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            )
        else:
            messages.success(
                request,
                f"Đã tạo tài khoản {user.username}. Mật khẩu tạm thời (chỉ hiện một lần): {password}",
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest) -> HttpResponse:
    """Give an existing user a role on a unit."""
    _require_manager(request)
    unit = _managed_unit(request)
    users = [
        (u.pk, f"{u.display_name} ({u.username})")
        for u in selectors.user_list(actor=actor_of(request))
    ]
    form = AssignForm(request.POST or None, unit=unit, users=users)
    if request.method == "POST" and form.is_valid():
        user = selectors.user_get_for(
            actor=actor_of(request), pk=form.cleaned_data["user"]
        )
        try:
            services.assignment_add(
                actor=actor_of(request),
                user=user,
                unit=unit,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request, f"Đã phân công {user.display_name} tại {unit.name}."
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/assign_form.html", {"form": form, "unit": unit})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    user = selectors.user_get_for(actor=actor_of(request), pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {"subject": user, "reset_form": PasswordResetByOfficerForm()},
    )


@login_required
@require_POST
def assignment_remove(
    request: HttpRequest, pk: int, assignment_pk: int
) -> HttpResponse:
    _require_manager(request)
    user = selectors.user_get_for(actor=actor_of(request), pk=pk)
    assignment = (
        user.assignments.filter(pk=assignment_pk).select_related("unit").first()
    )
    if assignment is None:
        raise Http404
    try:
        services.assignment_remove(actor=actor_of(request), assignment=assignment)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Đã bỏ phân công.")
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    user = selectors.user_get_for(actor=actor_of(request), pk=pk)
    try:
        services.user_set_active(
            actor=actor_of(request), user=user, is_active=not user.is_active
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, "Đã mở khóa tài khoản." if user.is_active else "Đã khóa tài khoản."
        )
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    user = selectors.user_get_for(actor=actor_of(request), pk=pk)
    form = PasswordResetByOfficerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy đánh dấu xác nhận trước khi đặt lại mật khẩu.")
        return redirect("accounts:user_detail", pk=user.pk)
    password = services.generate_password()
    services.user_set_password(actor=actor_of(request), user=user, password=password)
    messages.success(
        request, f"Mật khẩu mới của {user.username} (chỉ hiện một lần): {password}"
    )
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """Issue (or replace) the user's API token; it is shown once."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    key = services.token_issue(actor=user) if request.method == "POST" else None
    has_token = services.token_exists(user=user)
    return render(
        request, "accounts/api_token.html", {"key": key, "has_token": has_token}
    )


class SecondFactorView(AuthenticateView):  # type: ignore[misc]
    """allauth's code step (TOTP or recovery code) with a limit on wrong codes.

    allauth finds the half-finished sign-in (`self.stage`) and checks the code;
    this view refuses codes while the account is locked, counts wrong ones
    through `services.second_factor_reject` and ends the sign-in after
    `WRONG_CODES_PER_SIGN_IN` of them or at the lock.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: User = self.stage.login.user
        if lockout.is_locked(request=request, user=user):
            services.second_factor_reject_locked(request=request, user=user)
            self.stage.abort()
            return lockout.locked_response(request=request, user=user)
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        if form.has_error("code", "incorrect_code"):  # not, say, an empty field
            ended = self._reject_code()
            if ended is not None:
                return ended
        response: HttpResponse = super().form_invalid(form)
        return response

    def _reject_code(self) -> HttpResponse | None:
        """Count a wrong code; return the response that ends the sign-in, if so."""
        user: User = self.stage.login.user
        # The count lives in the half-finished sign-in, so it starts again with
        # the next password; allauth's own login-by-code step keeps its
        # attempts the same way.
        wrong_codes = int(self.stage.state.get("wrong_codes", 0)) + 1
        self.stage.state["wrong_codes"] = wrong_codes
        rejection = services.second_factor_reject(
            request=self.request, user=user, wrong_codes=wrong_codes
        )
        if rejection.is_locked:
            self.stage.abort()
            return lockout.locked_response(request=self.request, user=user)
        if rejection.ends_sign_in:
            self.stage.abort()
            messages.error(
                self.request,
                f"Bạn đã nhập sai mã xác thực {wrong_codes} lần. Vì an toàn, "
                "lần đăng nhập này đã bị hủy: hãy nhập lại tên đăng nhập và mật khẩu.",
            )
            return redirect("account_login")
        stash_login(self.request, self.stage.login)
        return None
