"""Record refused requests of signed-in users in the audit trail (SECURITY Z2)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cnscd.core import audit

AUDITED_STATUSES = {403, 404}


class DeniedAccessAuditMiddleware:
    """One `auth.denied` event per 403/404 answered to a signed-in user.

    Out-of-scope objects answer 404, so this is where probing for other units'
    ids shows up. Anonymous requests are not recorded (they only reach login).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            response.status_code in AUDITED_STATUSES
            and user is not None
            and user.is_authenticated
        ):
            audit.record(
                actor=user,
                action="auth.denied",
                message=f"{request.method} {request.get_full_path()[:400]} → {response.status_code}",
            )
        return response
