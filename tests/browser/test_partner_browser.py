"""A telecom's reporter on a phone: finds the province in its list, enters its
figures, submits; the province's total becomes the sum of the partners'."""

import os

import pytest
from playwright.sync_api import Page, expect

from cnscd.accounts.models import Assignment, Organisation
from cnscd.core.roles import Role
from cnscd.indicators.models import DataValue
from conftest import Tree, goto, make_user, sign_in
from tests.browser.test_evaluation_browser import seeded  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_reports_its_figures_from_its_list(
    page: Page,
    live_server,
    seeded: None,  # noqa: F811
    tree: Tree,
) -> None:
    viettel = Organisation.objects.get(short_name="Viettel")
    user = make_user("viettel.p", None, None)
    Assignment.objects.create(
        user=user, unit=tree.p, role=Role.PARTNER_REPORTER, organisation=viettel
    )
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    goto(page, f"{live_server.url}/indicators/partner/")
    sign_in(page, "viettel.p")

    expect(page.get_by_role("heading", name="Báo cáo của doanh nghiệp")).to_be_visible()
    page.get_by_role("link", name="Tỉnh Thử Nghiệm").first.click()
    expect(page.get_by_text("Viettel báo cáo cho Tỉnh Thử Nghiệm")).to_be_visible()
    expect(page.get_by_text("Trong đó")).to_have_count(0)  # its own figure, unsplit
    page.get_by_label("Số chợ chấp nhận thanh toán không dùng tiền mặt").fill("16")
    page.get_by_label("Số tiểu thương đăng ký mã QR thanh toán").fill("3.739")
    page.get_by_label("Số bài học trực tuyến").fill("1O9")  # a letter O
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".invalid-feedback")).to_have_count(1)
    expect(page.get_by_label("Số tiểu thương đăng ký mã QR thanh toán")).to_have_value(
        "3.739"
    )
    assert not DataValue.objects.exists()  # nothing saved while a field is wrong

    page.get_by_label("Số bài học trực tuyến").fill("109")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo.")).to_be_visible()
    expect(page.get_by_text("Đã gửi", exact=True)).to_be_visible()
    totals = dict(
        DataValue.objects.filter(unit=tree.p, disaggregation="").values_list(
            "indicator__code", "value"
        )
    )
    assert totals == {"qr_markets": 16, "qr_merchants": 3739, "elearning_lessons": 109}
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/partner-report.png", full_page=True
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == [], errors
