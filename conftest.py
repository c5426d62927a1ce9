"""The fixed cast every test uses.

Province P → communes A and B → villages A1, A2, B1; a second province P2 with
commune C. Personas: province_officer (P, with TOTP enrolled), commune_a_officer,
commune_b_officer, team_a_leader (village A1), p2_officer, operator (superuser),
partner_reporter (Viettel, for P), no_scope_user, and anonymous (the plain client).
"""

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from playwright.sync_api import Page, Response

from cnscd.accounts.models import Assignment, User
from cnscd.core.roles import Role
from cnscd.units.choices import Level, Structure, UnitType
from cnscd.units.models import AdministrativeUnit, depth_of

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # sync Playwright + DB fixtures
PASSWORD = "mật khẩu thử nghiệm dài 2026"


def make_unit(
    code: str,
    name: str,
    level: str,
    parent: AdministrativeUnit | None = None,
    unit_type: str = UnitType.XA,
    structure: str = Structure.LEGACY,
) -> AdministrativeUnit:
    path = (parent.path if parent else f"/{structure}/") + f"{code}/"
    return AdministrativeUnit.objects.create(
        structure=structure,
        level=level,
        unit_type=unit_type,
        code=code,
        name=name,
        short_name=name,
        parent=parent,
        path=path,
        depth=depth_of(path),
        valid_until=dt.date(2025, 6, 30) if structure == Structure.LEGACY else None,
        valid_from=dt.date(2025, 7, 1) if structure == Structure.FROM_2025 else None,
    )


class Tree:
    def __init__(self) -> None:
        self.p = make_unit(
            "90", "Tỉnh Thử Nghiệm", Level.PROVINCE, unit_type=UnitType.TINH
        )
        self.a = make_unit("90001", "Xã Thanh Miện", Level.COMMUNE, self.p)
        self.b = make_unit("90002", "Xã Bình Minh", Level.COMMUNE, self.p)
        self.a1 = make_unit(
            "90001.001", "Thôn Đông", Level.VILLAGE, self.a, UnitType.THON
        )
        self.a2 = make_unit(
            "90001.002", "Thôn Đoài", Level.VILLAGE, self.a, UnitType.THON
        )
        self.b1 = make_unit(
            "90002.001", "Thôn Nam", Level.VILLAGE, self.b, UnitType.THON
        )
        self.p2 = make_unit(
            "91", "Tỉnh Bên Cạnh", Level.PROVINCE, unit_type=UnitType.TINH
        )
        self.c = make_unit("91001", "Xã Hòa Bình", Level.COMMUNE, self.p2)


@pytest.fixture
def tree(db: None) -> Tree:
    return Tree()


def make_user(username: str, unit: AdministrativeUnit | None, role: str | None) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=username
    )
    if unit is not None and role is not None:
        Assignment.objects.create(user=user, unit=unit, role=role)
    return user


def enrol_totp(user: User) -> None:
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


@pytest.fixture
def province_officer(tree: Tree) -> User:
    user = make_user("tinh.p", tree.p, Role.PROVINCE_OFFICER)
    enrol_totp(user)
    return user


@pytest.fixture
def commune_a_officer(tree: Tree) -> User:
    return make_user("xa.a", tree.a, Role.COMMUNE_OFFICER)


@pytest.fixture
def commune_b_officer(tree: Tree) -> User:
    return make_user("xa.b", tree.b, Role.COMMUNE_OFFICER)


@pytest.fixture
def team_a_leader(tree: Tree) -> User:
    return make_user("totruong.a1", tree.a1, Role.TEAM_LEADER)


@pytest.fixture
def p2_officer(tree: Tree) -> User:
    user = make_user("tinh.p2", tree.p2, Role.PROVINCE_OFFICER)
    enrol_totp(user)
    return user


@pytest.fixture
def operator(tree: Tree) -> User:
    user = User.objects.create_superuser(username="vanhanh", password=PASSWORD)
    enrol_totp(user)
    return user


@pytest.fixture
def partner_reporter(tree: Tree) -> User:
    """Viettel's reporter for province P (a partner organisation's user)."""
    from cnscd.accounts.models import Organisation

    user = make_user("viettel.p", None, None)
    Assignment.objects.create(
        user=user,
        unit=tree.p,
        role=Role.PARTNER_REPORTER,
        organisation=Organisation.objects.get(short_name="Viettel"),
    )
    return user


@pytest.fixture
def no_scope_user(tree: Tree) -> User:
    return make_user("chuaphancong", None, None)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    """MEDIA_ROOT in the test's own folder, to see every file a test leaves."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
    }


# The page has loaded and none of its htmx requests is in flight: htmx puts the
# class `htmx-request` on an element (or its indicator) from the moment it sends
# a request until the answer is in.
HTMX_SETTLED = (
    "() => document.readyState === 'complete'"
    " && document.querySelector('.htmx-request') === null"
)


def settle(page: Page) -> None:
    """Wait for the page's htmx requests (its `load` partials, a live search)
    to be answered, so that the next navigation, assertion or database check
    never races a request still running on the server (issue #20)."""
    page.wait_for_function(HTMX_SETTLED)


def goto(page: Page, url: str) -> Response | None:
    """Navigate once the current page has settled."""
    settle(page)
    return page.goto(url)


@pytest.fixture
def page(page: Page) -> Iterator[Page]:
    """pytest-playwright's page, left only when its requests are answered and
    its timers stopped (a report's status polls every 2 s): no request outlives
    its test and meets the next test's database."""
    yield page
    if not page.is_closed():
        settle(page)
        page.goto("about:blank")


def sign_in(page: Page, username: str) -> None:
    """Fill the sign-in form the browser was sent to (the test password)."""
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
