"""A commune officer enters a figure with its parts ("trong đó") on a phone:
the parts open under the figure, a breakdown above its total is refused on
the part, and a saved breakdown shows again when the report is reopened."""

import os

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, goto, sign_in
from tests.browser.test_evaluation_browser import seeded  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_officer_enters_a_figure_with_its_parts(
    page: Page,
    live_server,
    seeded: None,  # noqa: F811
    tree: Tree,
    commune_a_officer,
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    goto(
        page,
        f"{live_server.url}/indicators/report/?unit={tree.a.pk}&period=202306"
        "&form=bc-cnscd-xa",
    )
    sign_in(page, "xa.a")

    page.get_by_label("Số người dân được hướng dẫn").fill("1.000")
    page.get_by_text("Trong đó — theo giới tính").click()
    page.get_by_label("Nam", exact=True).fill("600")
    page.get_by_label("Nữ", exact=True).fill("500")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(
        page.get_by_text("Theo giới tính: cộng các phần được 1.100, vượt tổng 1.000.")
    ).to_be_visible()
    # What was typed is kept for correcting, and the breakdown stays open.
    expect(page.get_by_label("Nữ", exact=True)).to_have_value("500")

    page.get_by_label("Nữ", exact=True).fill("400")
    page.get_by_text("Trong đó — theo nhóm đối tượng").click()
    page.get_by_label("Người cao tuổi").fill("250")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    expect(page.get_by_label("Số người dân được hướng dẫn")).to_have_value("1.000")
    expect(page.get_by_label("Nam", exact=True)).to_have_value("600")
    expect(page.get_by_label("Người cao tuổi")).to_have_value("250")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/report-breakdown.png", full_page=True
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == [], errors
