"""How django-axes finds the username when allauth signs someone in."""

from typing import Any

from django.http import HttpRequest


def username_for_lockout(
    request: HttpRequest, credentials: dict[str, Any] | None
) -> str | None:
    """allauth passes `username` in the credentials; the form field is `login`."""
    name = (credentials or {}).get("username") or request.POST.get("login")
    return str(name).strip().lower() if name else None
