"""A commune officer in Chromium, on a phone-sized screen (Playwright + Debian's chromium)."""

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, goto, settle, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_officer_drills_down_and_cannot_open_a_sibling_commune(
    page: Page, live_server, tree: Tree, commune_a_officer
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    goto(page, f"{live_server.url}/units/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    sign_in(page, "xa.a")

    expect(page.get_by_role("heading", name="Đơn vị hành chính")).to_be_visible()
    page.get_by_role("link", name="Xã Thanh Miện").click()
    expect(page.get_by_role("heading", name="Xã Thanh Miện")).to_be_visible()
    expect(page.get_by_role("link", name="Thôn Đông")).to_be_visible()
    expect(page.get_by_role("link", name="Thôn Đoài")).to_be_visible()
    page.get_by_role("link", name="Thôn Đông").click()
    expect(page.get_by_role("heading", name="Thôn Đông")).to_be_visible()
    settle(page)  # its targets and coverage partials, loaded at once
    expect(page.locator("#coverage")).not_to_be_empty()

    # Search without diacritics, live through htmx.
    goto(page, f"{live_server.url}/units/")
    page.get_by_label("Tìm đơn vị").fill("thon doai")
    expect(page.locator("#search-results")).to_contain_text("Thôn Đoài")
    settle(page)

    assert errors == [], errors  # no CSP violations, missing files or script errors

    # The sibling commune's page does not exist for this officer.
    response = goto(page, f"{live_server.url}/units/{tree.b.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy trang")).to_be_visible()
    assert "Bình Minh" not in page.content()
