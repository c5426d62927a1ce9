"""A province's public page, opened without signing in on a phone: headline
figures in Vietnamese numbers and the three charts drawn by ECharts."""

import re

import pytest
from playwright.sync_api import Page, expect

from cnscd.dashboards.models import PublicPage
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from conftest import Tree, goto
from tests.browser.test_evaluation_browser import seeded  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_page_draws_its_charts_on_a_phone(
    page: Page,
    live_server,
    seeded: None,  # noqa: F811
    tree: Tree,
    province_officer,
) -> None:
    assert import_sheet(
        actor=province_officer,
        data=sheet(ROWS),
        filename="t6.xlsx",
        period="202306",
        parent=tree.p,
    ).stored
    for unit, (lat, lon) in [(tree.a, (20.77, 106.21)), (tree.b, (20.85, 106.30))]:
        unit.latitude, unit.longitude = lat, lon
        unit.save(update_fields=["latitude", "longitude"])
    PublicPage.objects.create(unit=tree.p, enabled=True)
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    goto(
        page,
        f"{live_server.url}/public/{tree.p.pk}/?period=202306&indicator=citizens_guided",
    )

    expect(page.get_by_role("heading", level=1)).to_contain_text("Tỉnh Thử Nghiệm")
    expect(page.locator(".headlines")).to_contain_text("1.600")
    for chart in ("#chart-time", "#chart-children", "#chart-map"):
        expect(page.locator(f"{chart} canvas")).to_have_count(1)
    page.get_by_label("Bản đồ tô màu theo").select_option("band")
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"map=band"))
    expect(page.locator("#chart-map canvas")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == [], errors
