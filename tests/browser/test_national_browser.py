"""The whole country's dashboard in Chromium on a phone: 34 provinces on the
map, with Hoàng Sa and Trường Sa, for a viewer assigned to the country."""

import os

import pytest
from playwright.sync_api import Page, expect

from bench.reports import generated_month
from cnscd.accounts.models import Assignment, User
from cnscd.core.roles import Role
from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit
from conftest import PASSWORD, goto, sign_in
from tests.browser.test_evaluation_browser import seeded  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_national_dashboard_shows_every_province_and_the_archipelagos(
    page: Page,
    live_server,
    seeded: None,  # noqa: F811
) -> None:
    load_units()
    country = AdministrativeUnit.objects.get(structure="2025", level="country")
    for code in ("01", "31", "48"):  # Hà Nội, Hải Phòng, Đà Nẵng
        generated_month(
            AdministrativeUnit.objects.get(
                structure="2025", level="province", code=code
            ),
            "202512",
        )
    user = User.objects.create_user(username="bo.xem", password=PASSWORD)
    Assignment.objects.create(user=user, unit=country, role=Role.VIEWER)

    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    goto(
        page,
        f"{live_server.url}/dashboard/?unit={country.pk}&period=202512"
        "&indicator=citizens_guided",
    )
    sign_in(page, "bo.xem")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Toàn quốc")
    for chart in ("#chart-time", "#chart-children", "#chart-map"):
        expect(page.locator(f"{chart} canvas")).to_have_count(1)
    data = page.evaluate(
        "JSON.parse(document.getElementById('chart-data').textContent)"
    )
    assert len(data["children"]) == 34
    assert sum(1 for c in data["children"] if c["value"]) == 3
    assert [i["name"] for i in data["islands"]] == [
        "Quần đảo Hoàng Sa (Đà Nẵng)",
        "Quần đảo Trường Sa (Khánh Hòa)",
    ]
    # What ECharts drew: the archipelagos' series with both labels.
    drawn = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-map'))"
        ".getOption().series.filter(s => s.name === 'Quần đảo')[0].data"
        ".map(d => d.unit.name)"
    )
    assert drawn == [i["name"] for i in data["islands"]]
    if os.environ.get("SCREENSHOT_DIR"):
        page.wait_for_timeout(1500)  # let ECharts finish drawing
        page.locator("#chart-map").screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/national-map.png"
        )
        page.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/national-dashboard.png",
            full_page=True,
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == [], errors
