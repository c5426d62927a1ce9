"""Sign-in lockout is django-axes' job: one failure count per account.

Wrong passwords reach axes through Django's `user_login_failed` signal; wrong
second-factor codes are sent the same way (`failure_record`), so both add up to
the one lock (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME) and a completed sign-in
resets them (AXES_RESET_ON_SUCCESS). While locked, the password step is refused
by axes' backend and the code step by `is_locked`.
"""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse

from cnscd.accounts.models import User


def username_for_lockout(
    request: HttpRequest, credentials: dict[str, Any] | None
) -> str | None:
    """allauth passes `username` in the credentials; the form field is `login`."""
    name = (credentials or {}).get("username") or request.POST.get("login")
    return str(name).strip().lower() if name else None


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.get_username()}


def is_locked(*, request: HttpRequest, user: User) -> bool:
    """Whether axes refuses `user` now: the same question its backend asks at
    the password step."""
    return not AxesProxyHandler.is_allowed(request, _credentials(user))


def failure_record(*, request: HttpRequest, user: User) -> int:
    """Count one failed sign-in of `user` exactly as a wrong password is counted;
    return the account's failures so far (the lock is at AXES_FAILURE_LIMIT)."""
    user_login_failed.send(
        sender=__name__, credentials=_credentials(user), request=request
    )
    return int(AxesProxyHandler.get_failures(request, _credentials(user)))


def locked_response(*, request: HttpRequest, user: User) -> HttpResponse:
    """The page a locked account gets at the password step (429)."""
    response: HttpResponse = get_lockout_response(
        request, credentials=_credentials(user)
    )
    return response
