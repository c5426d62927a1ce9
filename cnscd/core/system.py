"""The actor for command-line work (`cnscd import_members …`): an operator
without an account. Audit events name it "hệ thống (dòng lệnh)"."""

from typing import Any, Protocol


class Actor(Protocol):
    """Who acts: a signed-in `User` or the command line's `SystemActor`."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def assignments(self) -> Any: ...


class SystemActor:
    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def get_username(self) -> str:
        return "hệ thống (dòng lệnh)"

    @property
    def assignments(self) -> Any:
        from cnscd.accounts.models import Assignment

        return Assignment.objects.none()


SYSTEM = SystemActor()
