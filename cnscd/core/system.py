"""The actor for command-line work (`cnscd import_members …`): an operator
without an account. Audit events name it "hệ thống (dòng lệnh)"."""

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from cnscd.accounts.models import User


class Actor(Protocol):
    """Who acts: a signed-in `User` or the command line's `SystemActor`."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def assignments(self) -> Any: ...

    def get_username(self) -> str: ...


def user_row(actor: "Actor | None") -> "User | None":
    """The account row behind an actor, for a `created_by`-style column:
    None for the command line (or no actor)."""
    from cnscd.accounts.models import User

    return actor if isinstance(actor, User) else None


class _AccountlessActor:
    """An actor without an account row: no assignments, no username."""

    is_authenticated = True
    is_superuser = True
    pk = None
    name = ""

    @property
    def is_active(self) -> bool:
        return self.is_authenticated

    def get_username(self) -> str:
        return self.name

    @property
    def assignments(self) -> Any:
        from cnscd.accounts.models import Assignment

        return Assignment.objects.none()


class SystemActor(_AccountlessActor):
    """The command line: every unit, every right."""

    name = "hệ thống (dòng lệnh)"


class NobodyActor(_AccountlessActor):
    """A request without sign-in: every scope rule shows it nothing."""

    is_authenticated = False
    is_superuser = False


SYSTEM = SystemActor()
NOBODY = NobodyActor()
