"""allauth adapter: no self sign-up; a changed password revokes API tokens."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from rest_framework.authtoken.models import Token


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by officers for the units they manage.
        return False

    def set_password(self, user: Any, password: str) -> None:
        super().set_password(user, password)
        Token.objects.filter(user=user).delete()
