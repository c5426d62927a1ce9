"""The dashboard of a unit and the province's public page."""

import json
import re

import pytest

from cnscd.dashboards.models import PublicPage
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from conftest import Tree, client_for

MAY = [
    [1, "Thanh miện", 2, 8, "1.000", "250", "700"],
    [2, "X. Bình Minh", 1, 4, 600, 80, 200],
]


@pytest.fixture
def reported(tree: Tree, province_officer) -> Tree:
    for period, rows in [("202305", MAY), ("202306", ROWS)]:
        assert import_sheet(
            actor=province_officer,
            data=sheet(rows),
            filename=f"{period}.xlsx",
            period=period,
            parent=tree.p,
        ).stored
    return tree


def chart_data(html: str) -> dict:
    found = re.search(
        r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "no chart data on the page"
    return json.loads(found.group(1))


def test_headlines_charts_and_ranking_in_vietnamese_numbers(
    reported: Tree, province_officer
) -> None:
    tree = reported
    response = client_for(province_officer).get(
        f"/dashboard/?unit={tree.p.pk}&period=202306&indicator=citizens_guided"
    )
    html = response.content.decode()
    assert response.status_code == 200
    # 1.200 + 400 this month against 1.000 + 600 the month before: 0%.
    assert "1.600" in html and "bằng kỳ trước" in html
    # Sessions 3 + 1 = 4 against 2 + 1 = 3: up a third.
    assert "▲ 33,3% so với kỳ trước (3)" in html
    data = chart_data(html)
    assert data["indicator"] == "Số người dân được hướng dẫn"
    assert [(c["name"], c["value"]) for c in data["children"]] == [
        ("Xã Thanh Miện", 1200.0),
        ("Xã Bình Minh", 400.0),
    ]
    assert [s["value"] for s in data["series"][-2:]] == [1600.0, 1600.0]
    assert data["series"][-1]["period"] == "Tháng 6/2023"
    assert "Xếp hạng" in html and "echarts.common.min.js" in html


def test_the_dashboard_is_scoped(reported: Tree, p2_officer, commune_a_officer) -> None:
    url = f"/dashboard/?unit={reported.p.pk}&period=202306"
    assert client_for(p2_officer).get(url).status_code == 404
    assert client_for(commune_a_officer).get(url).status_code == 404
    own = client_for(commune_a_officer).get(
        f"/dashboard/?unit={reported.a.pk}&period=202306"
    )
    assert own.status_code == 200
    # A commune's villages are summed up by their teams' activity log.
    html = own.content.decode()
    assert "Thôn Đông" in html and "ghi trong nhật ký hoạt động" in html
    assert "tổng hợp tự động từ nhật ký hoạt động" in html
    assert "Tình hình báo cáo" not in html  # villages send no report


def test_a_province_switches_its_public_page_on_and_off(
    reported: Tree, province_officer, commune_a_officer
) -> None:
    tree = reported
    public = f"/public/{tree.p.pk}/?period=202306"
    anonymous = client_for(None)
    assert anonymous.get(public).status_code == 404  # off until switched on
    officer = client_for(province_officer)
    assert (
        officer.post(
            "/dashboard/public/", {"unit": tree.p.pk, "enabled": "1"}
        ).status_code
        == 302
    )
    assert PublicPage.objects.get(unit=tree.p).enabled
    page = anonymous.get(public)
    html = page.content.decode()
    assert page.status_code == 200 and "1.600" in html
    assert "Trang công khai của tỉnh" not in html and "Văn bản báo cáo" not in html
    # A commune is not a province; a commune officer cannot switch the province's page.
    refused = officer.post(
        "/dashboard/public/", {"unit": tree.a.pk, "enabled": "1"}, follow=True
    )
    assert "Trang công khai chỉ có ở cấp tỉnh." in refused.content.decode()
    assert (
        client_for(commune_a_officer)
        .post("/dashboard/public/", {"unit": tree.p.pk, "enabled": "0"})
        .status_code
        == 404
    )
    officer.post("/dashboard/public/", {"unit": tree.p.pk, "enabled": "0"})
    assert anonymous.get(public).status_code == 404


def test_a_units_cards_chart_and_its_parents_row_show_one_figure(
    tree: Tree, province_officer
) -> None:
    """A district whose figure the province entered (its communes have not
    reported): the cards showed "—" while the chart plotted the figure
    (issue #14). Cards, chart and the province's row now read one path."""
    from decimal import Decimal

    from cnscd.core.periods import parse_period
    from cnscd.indicators import services
    from cnscd.indicators.selectors import form_for_level
    from cnscd.units.choices import Level
    from conftest import make_unit

    district = make_unit("90900", "Huyện Thử", Level.DISTRICT, tree.p)
    make_unit("90901", "Xã Con", Level.COMMUNE, district)
    form = form_for_level(Level.DISTRICT)
    assert form is not None
    period = parse_period("2023S1")
    sessions = form.indicators.get(code="training_sessions")
    services.values_store(
        actor=province_officer,
        report=services.report_for(form=form, unit=district, period=period),
        period=period,
        values=[services.ValueInput(sessions, Decimal(159))],
    )
    client = client_for(province_officer)
    html = client.get(
        f"/dashboard/?unit={district.pk}&period=2023S1&indicator=training_sessions"
    ).content.decode()
    card = re.search(
        r'Số buổi hội nghị, tập huấn</div>\s*<div class="h2 m-0">([^<]*)<', html
    )
    assert card and card.group(1).strip() == "159"
    assert chart_data(html)["series"][-1]["value"] == 159.0
    province = chart_data(
        client.get(
            f"/dashboard/?unit={tree.p.pk}&period=2023S1&indicator=training_sessions"
        ).content.decode()
    )
    assert ("Huyện Thử", 159.0) in [
        (c["name"], c["value"]) for c in province["children"]
    ]
