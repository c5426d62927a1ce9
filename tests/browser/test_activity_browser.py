"""A team leader logs a session on a phone, from the team's page: a slip in the
number is refused on its field, the saved session is in the month's list with
the month's totals, and it counts at once in the village's figures."""

import os

import pytest
from playwright.sync_api import Page, expect

from cnscd.indicators.models import DataValue
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body
from conftest import Tree, goto, sign_in
from tests.browser.test_evaluation_browser import seeded  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_leader_logs_a_session_on_a_phone(
    page: Page,
    live_server,
    seeded: None,  # noqa: F811
    tree: Tree,
    team_a_leader,
) -> None:
    team = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ CNSCĐ thôn Đông"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    goto(page, f"{live_server.url}/teams/{team.pk}/")
    sign_in(page, "totruong.a1")

    page.get_by_role("link", name="Nhật ký hoạt động").click()
    page.get_by_role("link", name="Ghi buổi mới").click()
    page.get_by_label("Nội dung").select_option(
        label="Hướng dẫn dịch vụ công trực tuyến"
    )
    page.get_by_label("Số người dân được hướng dẫn").fill("ba mươi")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".invalid-feedback")).to_have_count(1)
    assert not DataValue.objects.exists()

    page.get_by_label("Số người dân được hướng dẫn").fill("35")
    page.get_by_label("Ngày").fill("2025-06-20")  # the village's structure ends 30/6
    page.get_by_label("Địa điểm").fill("Nhà văn hóa thôn Đông")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi buổi hoạt động vào nhật ký.")).to_be_visible()
    expect(page.get_by_text("Hướng dẫn dịch vụ công trực tuyến")).to_be_visible()
    expect(
        page.locator("p", has_text="lượt người dân được hướng dẫn.")
    ).to_contain_text("1 buổi, 35 lượt")
    people = DataValue.objects.get(
        unit=tree.a1, indicator__code="activity_people_guided"
    )
    assert people.value == 35 and people.source == "activities"
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/activity-log.png", full_page=True
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == [], errors
