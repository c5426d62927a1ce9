"""Session limits (SECURITY A5) and mandatory two-factor enrolment (A7)."""

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from cnscd.accounts.selectors import requires_mfa

SESSION_STARTED_KEY = "cnscd_auth_started_at"
# Pages a user without TOTP may still open while being asked to enrol.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/")


class SessionLimitsMiddleware:
    """End an authenticated session 12 hours after sign-in, however active.

    The 30-minute idle limit is the session's own expiry (SESSION_COOKIE_AGE,
    renewed on each request and checked by the server).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            if (
                started is not None
                and time.time() - float(started) > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                messages.info(
                    request, "Phiên làm việc đã quá 12 giờ. Vui lòng đăng nhập lại."
                )
                if request.path.startswith("/api/"):
                    return HttpResponse(status=401)
                return redirect(f"{reverse('account_login')}?next={request.path}")
        response = self.get_response(request)
        # Sign-in happens inside the view: stamp the session when it first
        # belongs to a user.
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and SESSION_STARTED_KEY not in request.session
        ):
            request.session[SESSION_STARTED_KEY] = time.time()
        return response


class RequireMfaMiddleware:
    """Send province officers and operators without TOTP to enrol first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and requires_mfa(user)
            and not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": "Tài khoản bắt buộc dùng xác thực hai lớp; hãy cài đặt trên web."
                    },
                    status=403,
                )
            messages.warning(
                request,
                "Tài khoản của bạn bắt buộc dùng xác thực hai lớp. "
                "Hãy cài đặt ứng dụng xác thực (TOTP) để tiếp tục.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
