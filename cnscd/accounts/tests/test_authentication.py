"""Passwords, lockout, sessions, tokens and two-factor (SECURITY A1–A7)."""

import datetime as dt
import unicodedata

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cnscd.accounts import services
from cnscd.accounts.models import Assignment, User
from conftest import PASSWORD, Tree, make_user

LOGIN = "/accounts/login/"


def login(client: Client, username: str, password: str, **headers: str) -> int:
    response = client.post(
        LOGIN, {"login": username, "password": password}, headers=headers
    )
    return response.status_code


def is_logged_in(client: Client) -> bool:
    return client.get("/units/").status_code == 200


@pytest.mark.parametrize(
    "password",
    [
        "Abc1234",
        "password123",
        "congnghesocongdong",
        "Cong Nghe So Cong Dong",
        "haiduong2023",
    ],
)
def test_weak_passwords_are_rejected(password: str, db: None) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, User(username="x"))


def test_long_vietnamese_passphrase_is_accepted_exactly(tree: Tree) -> None:
    passphrase = "Đi từng ngõ, gõ từng nhà, hướng dẫn từng người dùng dịch vụ công"
    assert len(passphrase) == 64
    validate_password(passphrase, User(username="x"))
    user = make_user("cumtu", tree.a, "commune_officer")
    services.user_set_password(actor=user, user=user, password=passphrase)
    variants = [
        passphrase[:-1],
        passphrase.upper(),
        unicodedata.normalize("NFD", passphrase),
    ]
    for variant in variants:
        assert (
            login(Client(), "cumtu", variant) == 200
        )  # form shown again with an error
    client = Client()
    assert login(client, "cumtu", passphrase) == 302 and is_logged_in(client)


def test_production_hashes_are_argon2_and_plaintext_is_nowhere(
    tree: Tree, settings, commune_a_officer
) -> None:
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    secret = "một mật khẩu rất riêng 9431"
    services.user_set_password(
        actor=commune_a_officer, user=commune_a_officer, password=secret
    )
    commune_a_officer.refresh_from_db()
    assert commune_a_officer.password.startswith("argon2$")
    with connection.cursor() as cursor:
        for table in ("accounts_user", "core_auditevent", "django_session"):
            cursor.execute(f"SELECT * FROM {table}")
            assert secret not in repr(cursor.fetchall())


def test_lockout_after_ten_failures_even_with_rotating_ips(
    tree: Tree, commune_a_officer
) -> None:
    statuses = [
        login(Client(), "xa.a", "sai mật khẩu", **{"X-Forwarded-For": f"10.0.0.{i}"})
        for i in range(10)
    ]
    assert statuses == [200] * 9 + [429]  # the tenth failure locks the account
    client = Client()
    status = login(client, "xa.a", PASSWORD, **{"X-Forwarded-For": "10.9.9.9"})
    assert status == 429
    assert not is_logged_in(client)
    # The soft lock expires after 15 minutes; the real user gets back in.
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        client = Client()
        assert login(client, "xa.a", PASSWORD) == 302


def test_login_rotates_the_session_key_and_logout_deletes_it(
    tree: Tree, commune_a_officer
) -> None:
    client = Client()
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    assert login(client, "xa.a", PASSWORD) == 302
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies["sessionid"] = after
    assert replay.get("/units/").status_code == 302


def test_idle_and_absolute_session_limits(tree: Tree, commune_a_officer) -> None:
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        assert login(client, "xa.a", PASSWORD) == 302
        traveller.shift(dt.timedelta(minutes=31))
        assert not is_logged_in(client), "idle for 31 minutes must end the session"

        client = Client()
        assert login(client, "xa.a", PASSWORD) == 302
        for _ in range(28):  # active every 25 minutes: 11 h 40 min
            traveller.shift(dt.timedelta(minutes=25))
            assert is_logged_in(client)
        traveller.shift(dt.timedelta(minutes=25))  # 12 h 05 min after sign-in
        assert not is_logged_in(client)


def test_deactivation_and_password_change_end_sessions_and_tokens(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    token = Token.objects.create(user=commune_a_officer)
    api = Client(headers={"Authorization": f"Token {token.key}"})
    web = Client()
    web.force_login(commune_a_officer)
    assert api.get("/api/v1/units/").status_code == 200 and is_logged_in(web)

    services.user_set_password(
        actor=province_officer, user=commune_a_officer, password="một mật khẩu mới 2026"
    )
    assert api.get("/api/v1/units/").status_code == 401
    assert not is_logged_in(web)

    token = Token.objects.create(user=commune_a_officer)
    api = Client(headers={"Authorization": f"Token {token.key}"})
    web.force_login(commune_a_officer)
    services.user_set_active(
        actor=province_officer, user=commune_a_officer, is_active=False
    )
    assert api.get("/api/v1/units/").status_code == 401
    assert not is_logged_in(web)


def test_moving_a_user_changes_scope_on_the_next_request(
    tree: Tree, commune_a_officer
) -> None:
    web = Client()
    web.force_login(commune_a_officer)
    assert web.get(f"/units/{tree.a.pk}/").status_code == 200
    Assignment.objects.filter(user=commune_a_officer).update(unit=tree.b)
    assert web.get(f"/units/{tree.a.pk}/").status_code == 404
    assert web.get(f"/units/{tree.b.pk}/").status_code == 200


def totp_code(secret: str, offset: int = 0) -> str:
    counter = next(iter(yield_hotp_counters_from_time())) + offset
    return format_hotp_value(hotp_value(secret, counter))


def test_province_officer_must_enrol_in_two_factor(tree: Tree) -> None:
    make_user("tinh.moi", tree.p, "province_officer")
    client = Client()
    assert login(client, "tinh.moi", PASSWORD) == 302
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"] == reverse(
        "mfa_activate_totp"
    )
    assert client.get("/api/v1/units/").status_code == 403


def test_province_officer_with_totp_needs_a_fresh_valid_code(
    tree: Tree, province_officer
) -> None:
    secret = "JBSWY3DPEHPK3PXP"
    client = Client()
    response = client.post(LOGIN, {"login": "tinh.p", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_logged_in(client), "a password alone gives no session"
    assert (
        client.post(
            reverse("mfa_authenticate"), {"code": totp_code(secret, offset=5)}
        ).status_code
        == 200
    )
    assert not is_logged_in(client), "a code outside the ±1 step window is refused"
    code = totp_code(secret)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert is_logged_in(client)

    replay = Client()
    replay.post(LOGIN, {"login": "tinh.p", "password": PASSWORD})
    replay.post(reverse("mfa_authenticate"), {"code": code})
    assert not is_logged_in(replay), "a used code cannot be replayed"


def test_a_fresh_install_has_no_default_accounts(db: None) -> None:
    assert not User.objects.filter(
        username__in=["admin", "root", "test", "demo"]
    ).exists()
    assert User.objects.count() == 0


def test_password_errors_are_in_vietnamese(db: None) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_password("Xq7#kd2", User(username="x"))
    assert exc.value.messages == ["Mật khẩu quá ngắn: cần ít nhất 8 ký tự."]
