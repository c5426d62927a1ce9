from typing import Any

from django.http import HttpRequest

from cnscd.accounts.selectors import can_manage_users
from cnscd.indicators.partners import is_partner_reporter


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the menu shows: user management only for officers and operators,
    the partner's report list only for partner reporters."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "can_manage_users": signed_in and can_manage_users(user),
        "is_partner_reporter": signed_in and is_partner_reporter(user),
    }
