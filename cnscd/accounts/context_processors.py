from typing import Any

from django.http import HttpRequest

from cnscd.accounts.selectors import can_manage_users


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the menu shows: user management only for officers and operators."""
    user = getattr(request, "user", None)
    return {
        "can_manage_users": bool(
            user and user.is_authenticated and can_manage_users(user)
        )
    }
