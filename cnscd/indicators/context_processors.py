from typing import Any

from django.http import HttpRequest

from cnscd.indicators.partners import is_partner_reporter


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The partner's report list in the menu, for partner reporters only."""
    user = getattr(request, "user", None)
    return {
        "is_partner_reporter": bool(
            user and user.is_authenticated and is_partner_reporter(user)
        )
    }
