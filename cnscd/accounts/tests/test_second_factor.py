"""Wrong second-factor codes: 5 per sign-in, and they count toward the lockout."""

import datetime as dt

import time_machine
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from cnscd.accounts.models import User
from cnscd.accounts.tests.test_authentication import LOGIN, is_logged_in, totp_code
from cnscd.core.models import AuditEvent
from conftest import PASSWORD, Tree

SECRET = "JBSWY3DPEHPK3PXP"  # conftest.enrol_totp
CODE_STEP = reverse("mfa_authenticate")


def wrong_code() -> str:
    """A six-digit code that no TOTP window accepted now (±1 step) matches."""
    valid = {
        format_hotp_value(hotp_value(SECRET, counter))
        for counter in yield_hotp_counters_from_time()
    }
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in valid)


def start_sign_in(client: Client) -> None:
    response = client.post(LOGIN, {"login": "tinh.p", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == CODE_STEP


def send_code(client: Client, code: str) -> tuple[int, str]:
    response = client.post(CODE_STEP, {"code": code})
    return response.status_code, response.get("Location", "")


def failures(username: str = "tinh.p") -> int:
    return sum(
        AccessAttempt.objects.filter(username=username).values_list(
            "failures_since_start", flat=True
        )
    )


def actions(user: User) -> list[str]:
    rows = AuditEvent.objects.filter(object_id=str(user.pk)).order_by("id")
    return list(rows.values_list("action", flat=True))


def test_five_wrong_codes_send_the_user_back_to_the_password_step(
    tree: Tree, province_officer: User
) -> None:
    client = Client()
    start_sign_in(client)
    answers = [send_code(client, wrong_code()) for _ in range(5)]
    assert answers == [(200, "")] * 4 + [(302, LOGIN)]
    page = client.get(LOGIN).content.decode()
    assert "Bạn đã nhập sai mã xác thực 5 lần." in page
    assert "hãy nhập lại tên đăng nhập và mật khẩu" in page

    # The abandoned sign-in takes no more codes, not even the right one.
    assert send_code(client, totp_code(SECRET)) == (302, LOGIN)
    assert not is_logged_in(client)
    assert failures() == 5

    events = AuditEvent.objects.filter(action="login.code_wrong").order_by("id")
    assert [(e.actor, e.object_id, e.unit_path) for e in events] == [
        (province_officer, str(province_officer.pk), tree.p.path)
    ] * 5
    assert [e.after for e in events] == [
        {"wrong_codes": n, "failures": n} for n in range(1, 6)
    ]
    assert events[4].message == (
        "Sai mã xác thực hai lớp (lần 5/5 của lần đăng nhập này)."
        " Phải đăng nhập lại từ đầu."
    )
    # The wrong codes are not kept in axes' copy of the posted form.
    assert wrong_code() not in AccessAttempt.objects.get(username="tinh.p").post_data


def test_ten_wrong_codes_lock_the_account_like_ten_wrong_passwords(
    tree: Tree, province_officer: User
) -> None:
    client = Client()
    start_sign_in(client)
    assert [send_code(client, wrong_code()) for _ in range(5)][-1] == (302, LOGIN)
    start_sign_in(client)
    answers = [send_code(client, wrong_code())[0] for _ in range(5)]
    assert answers == [200] * 4 + [429]  # the tenth wrong code locks
    assert actions(province_officer) == ["login.code_wrong"] * 10 + ["login.lock"]
    lock = AuditEvent.objects.get(action="login.lock")
    assert lock.actor == province_officer and lock.after == {"failures": 10}
    assert lock.message == "Tạm khóa tài khoản sau 10 lần đăng nhập sai."

    # Locked: the right password does not even reach the code step.
    client = Client()
    response = client.post(LOGIN, {"login": "tinh.p", "password": PASSWORD})
    assert response.status_code == 429
    assert (
        "nhập sai mật khẩu hoặc mã xác thực quá nhiều lần" in response.content.decode()
    )
    assert send_code(client, totp_code(SECRET)) == (302, LOGIN)
    assert not is_logged_in(client)

    # The lock expires after 15 minutes; then password + code sign in.
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        client = Client()
        start_sign_in(client)
        assert send_code(client, totp_code(SECRET)) == (302, reverse("units:tree"))
        assert is_logged_in(client)
        assert failures() == 0


def test_a_sign_in_waiting_for_its_code_is_refused_once_the_account_is_locked(
    tree: Tree, province_officer: User
) -> None:
    waiting = Client()
    start_sign_in(waiting)
    # Elsewhere: five wrong codes, then five wrong passwords. One count for both.
    other = Client()
    start_sign_in(other)
    for _ in range(5):
        send_code(other, wrong_code())
    statuses = [
        Client()
        .post(LOGIN, {"login": "tinh.p", "password": "sai mật khẩu"})
        .status_code
        for _ in range(5)
    ]
    assert statuses == [200] * 4 + [429]

    response = waiting.post(CODE_STEP, {"code": totp_code(SECRET)})
    assert response.status_code == 429
    assert not is_logged_in(waiting)
    assert send_code(waiting, totp_code(SECRET)) == (302, LOGIN)  # sign-in ended
    refused = AuditEvent.objects.get(action="login.code_locked")
    assert refused.actor == province_officer and refused.after == {"failures": 11}
    assert refused.message == "Từ chối mã xác thực hai lớp: tài khoản đang bị tạm khóa."


def test_the_right_code_within_the_limit_signs_in_and_resets_the_count(
    tree: Tree, province_officer: User
) -> None:
    client = Client()
    start_sign_in(client)
    for _ in range(5):
        send_code(client, wrong_code())
    start_sign_in(client)
    assert [send_code(client, wrong_code()) for _ in range(4)] == [(200, "")] * 4
    assert failures() == 9
    assert send_code(client, totp_code(SECRET)) == (302, reverse("units:tree"))
    assert is_logged_in(client)
    assert failures() == 0
    assert actions(province_officer) == ["login.code_wrong"] * 9

    # Counting starts again: five more wrong codes end a sign-in, not the account.
    client = Client()
    start_sign_in(client)
    answers = [send_code(client, wrong_code()) for _ in range(5)]
    assert answers == [(200, "")] * 4 + [(302, LOGIN)]
    assert failures() == 5
    assert not AuditEvent.objects.filter(action="login.lock").exists()


def test_an_empty_code_is_not_counted(tree: Tree, province_officer: User) -> None:
    client = Client()
    start_sign_in(client)
    assert [send_code(client, "") for _ in range(6)] == [(200, "")] * 6
    assert failures() == 0
    assert send_code(client, totp_code(SECRET)) == (302, reverse("units:tree"))
