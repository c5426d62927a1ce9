"""Writes to users and assignments. Officers manage users inside their scope."""

import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from rest_framework.authtoken.models import Token

from cnscd.accounts import lockout
from cnscd.accounts.choices import ROLE_LEVELS
from cnscd.accounts.models import Assignment, Organisation, User
from cnscd.core import audit
from cnscd.core.roles import Role
from cnscd.core.system import Actor, user_row
from cnscd.core.text import nfc, required_name
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage

USER_FIELDS = ["username", "full_name", "phone", "email", "is_active"]
# Wrong second-factor codes one sign-in may try before it starts again from
# the password (each one also counts toward the account's lockout).
WRONG_CODES_PER_SIGN_IN = 5


def _check_assignment(
    actor: Actor,
    unit: AdministrativeUnit,
    role: str,
    organisation: Organisation | None = None,
) -> None:
    if role not in Role.values:
        raise ValidationError("Vai trò không hợp lệ.")
    if role == Role.PARTNER_REPORTER and organisation is None:
        raise ValidationError("Báo cáo viên doanh nghiệp phải thuộc một tổ chức.")
    if not can_manage(actor, unit):
        raise PermissionDenied("Bạn không quản lý đơn vị này.")
    if unit.level not in ROLE_LEVELS[role]:
        raise ValidationError(
            f"Vai trò “{Role(role).label}” không gán được cho {unit.get_level_display().lower()}."
        )


def generate_password() -> str:
    """A random password that passes every validator (shown once to the officer)."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    unit: AdministrativeUnit,
    role: str,
    password: str,
    phone: str = "",
    email: str = "",
    organisation: Organisation | None = None,
) -> User:
    """Create a user with one assignment inside the actor's scope; audited."""
    _check_assignment(actor, unit, role, organisation)
    username = nfc(username).lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"Tên đăng nhập “{username}” đã được dùng.")
    user = User(
        username=username,
        full_name=required_name(full_name, label="Họ và tên"),
        phone=phone,
        email=email,
    )
    validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(f"Tên đăng nhập “{username}” đã được dùng.") from exc
    Assignment.objects.create(
        user=user,
        unit=unit,
        role=role,
        organisation=organisation if role == Role.PARTNER_REPORTER else None,
        created_by=user_row(actor),
    )
    audit.record(
        actor=actor,
        action="user.create",
        obj=user,
        unit_path=unit.path,
        after={**audit.snapshot(user, USER_FIELDS), "role": role, "unit": unit.pk},
    )
    return user


@transaction.atomic
def assignment_add(
    *,
    actor: Actor,
    user: User,
    unit: AdministrativeUnit,
    role: str,
    organisation: Organisation | None = None,
) -> Assignment:
    """Give `user` a role on `unit` (both must be within the actor's management)."""
    _check_assignment(actor, unit, role, organisation)
    assignment, created = Assignment.objects.get_or_create(
        user=user,
        unit=unit,
        role=role,
        defaults={
            "created_by": user_row(actor),
            "organisation": organisation if role == Role.PARTNER_REPORTER else None,
        },
    )
    if created:
        audit.record(
            actor=actor,
            action="assignment.create",
            obj=assignment,
            unit_path=unit.path,
            after={"user": user.pk, "unit": unit.pk, "role": role},
        )
    return assignment


@transaction.atomic
def assignment_remove(*, actor: Actor, assignment: Assignment) -> None:
    """Remove one assignment; a user keeps at least one."""
    if not can_manage(actor, assignment.unit):
        raise PermissionDenied("Bạn không quản lý đơn vị này.")
    if assignment.user.assignments.count() <= 1:
        raise ValidationError(
            "Người dùng phải có ít nhất một phân công; hãy khóa tài khoản thay vì xóa."
        )
    data = {
        "user": assignment.user_id,
        "unit": assignment.unit_id,
        "role": assignment.role,
    }
    audit.record(
        actor=actor,
        action="assignment.delete",
        obj=assignment,
        unit_path=assignment.unit.path,
        before=data,
    )
    assignment.delete()


def _end_sessions_and_tokens(user: User) -> None:
    """Log the user out everywhere. Sessions need no scan of the session table:
    Django refuses a session whose password hash no longer matches, and a
    session of an inactive user. API tokens are deleted."""
    Token.objects.filter(user=user).delete()


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, is_active: bool) -> User:
    """Lock or unlock an account; locking ends its sessions and tokens."""
    if user.pk == actor.pk:
        raise ValidationError("Không thể tự khóa tài khoản của mình.")
    before = audit.snapshot(user, USER_FIELDS)
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    if not is_active:
        _end_sessions_and_tokens(user)
    audit.record(
        actor=actor,
        action="user.update",
        obj=user,
        unit_path=_first_unit_path(user),
        before=before,
        after=audit.snapshot(user, USER_FIELDS),
    )
    return user


@transaction.atomic
def user_set_password(*, actor: Actor, user: User, password: str) -> User:
    """Set a new password (validated); ends the user's other sessions and tokens."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _end_sessions_and_tokens(user)
    audit.record(
        actor=actor,
        action="user.password",
        obj=user,
        unit_path=_first_unit_path(user),
        message="Đặt lại mật khẩu",
    )
    return user


def _first_unit_path(user: User) -> str:
    first = user.assignments.select_related("unit").order_by("unit__path").first()
    return first.unit.path if first else ""


@transaction.atomic
def token_issue(*, actor: User) -> str:
    """Replace the actor's API token with a new one and return its key."""
    Token.objects.filter(user=actor).delete()
    token = Token.objects.create(user=actor)
    audit.record(
        actor=actor,
        action="token.issue",
        obj=actor,
        unit_path=_first_unit_path(actor),
        message="Cấp mã truy cập API mới",
    )
    return str(token.key)


def token_exists(*, user: User) -> bool:
    return Token.objects.filter(user=user).exists()


@dataclass(frozen=True)
class CodeRejection:
    """What a wrong second-factor code did to the sign-in and to the account."""

    wrong_codes: int  # in this sign-in, this one included
    failures: int  # of the account since its last sign-in, wrong passwords included
    is_locked: bool

    @property
    def ends_sign_in(self) -> bool:
        return self.is_locked or self.wrong_codes >= WRONG_CODES_PER_SIGN_IN


@transaction.atomic
def second_factor_reject(
    *, request: HttpRequest, user: User, wrong_codes: int
) -> CodeRejection:
    """Count a wrong code (the `wrong_codes`-th of this sign-in) as a failed
    sign-in of `user`, like a wrong password, and audit it; audit the lock too
    when this failure sets it. The caller ends the sign-in if `ends_sign_in`."""
    failures = lockout.failure_record(request=request, user=user)
    rejection = CodeRejection(
        wrong_codes=wrong_codes,
        failures=failures,
        is_locked=lockout.is_locked(request=request, user=user),
    )
    unit_path = _first_unit_path(user)
    ending = " Phải đăng nhập lại từ đầu." if rejection.ends_sign_in else ""
    # The actor is the account being signed in to: its password was right.
    audit.record(
        actor=user,
        action="login.code_wrong",
        obj=user,
        unit_path=unit_path,
        after={"wrong_codes": wrong_codes, "failures": failures},
        message=(
            "Sai mã xác thực hai lớp "
            f"(lần {wrong_codes}/{WRONG_CODES_PER_SIGN_IN} của lần đăng nhập này).{ending}"
        ),
    )
    if rejection.is_locked:
        audit.record(
            actor=user,
            action="login.lock",
            obj=user,
            unit_path=unit_path,
            after={"failures": failures},
            message=f"Tạm khóa tài khoản sau {failures} lần đăng nhập sai.",
        )
    return rejection


@transaction.atomic
def second_factor_reject_locked(*, request: HttpRequest, user: User) -> None:
    """Refuse a code, right or wrong, sent while `user` is locked; it counts as
    a failure as a password sent during the lock does (axes then extends it)."""
    failures = lockout.failure_record(request=request, user=user)
    audit.record(
        actor=user,
        action="login.code_locked",
        obj=user,
        unit_path=_first_unit_path(user),
        after={"failures": failures},
        message="Từ chối mã xác thực hai lớp: tài khoản đang bị tạm khóa.",
    )
