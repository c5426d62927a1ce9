"""A commune officer writes the commune's periodic report and downloads it as
PDF in Chromium on a phone-sized screen."""

import os

import pytest
from playwright.sync_api import Page, expect

from cnscd.indicators.imports import import_sheet
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from conftest import Tree, goto, sign_in
from tests.browser.test_evaluation_browser import seeded  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_officer_writes_and_downloads_the_report(
    page: Page,
    live_server,
    seeded: None,  # noqa: F811
    tree: Tree,
    commune_a_officer,
    province_officer,
    settings,
    tmp_path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    assert import_sheet(
        actor=province_officer,
        data=sheet(ROWS),
        filename="t6.xlsx",
        period="202306",
        parent=tree.p,
    ).stored
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    goto(page, f"{live_server.url}/reports/?unit={tree.a.pk}&period=202306")
    sign_in(page, "xa.a")

    expect(page.get_by_role("heading", name="Văn bản báo cáo")).to_be_visible()
    preview = page.locator(".report-preview")
    expect(preview).to_contain_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    expect(preview).to_contain_text("I. ĐẶC ĐIỂM TÌNH HÌNH")
    page.get_by_label("IV. Bài học kinh nghiệm").fill("- Đi từng ngõ, gõ từng nhà.")
    page.get_by_label("Số", exact=True).fill("07")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu báo cáo.")).to_be_visible()
    expect(preview).to_contain_text("- Đi từng ngõ, gõ từng nhà.")
    expect(preview).to_contain_text("Số: 07/BC-")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/report-page.png", full_page=True
        )

    page.get_by_role("button", name="PDF").click()
    expect(page.get_by_text("Đã tạo tệp PDF.")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về").first.click()
    download = info.value
    assert download.suggested_filename == "bao-cao-90001-202306.pdf"
    with open(download.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert errors == [], errors
