"""A commune officer opens, fills in and sends the commune's score sheet in
Chromium on a phone-sized screen."""

import importlib
import re

import pytest
from playwright.sync_api import Page, expect

from cnscd.indicators.imports import import_sheet
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from conftest import Tree, goto, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = [
    "cnscd.accounts.migrations.0003_seed_organisations",
    "cnscd.indicators.migrations.0002_seed_catalogue",
    "cnscd.indicators.migrations.0005_population_households",
    "cnscd.indicators.migrations.0007_appendix_form",
    "cnscd.indicators.migrations.0008_partner_reports",
    "cnscd.indicators.migrations.0009_activity_form",
    "cnscd.evaluation.migrations.0002_starter_set_and_bands",
    "cnscd.evaluation.migrations.0003_team_subject",
]


@pytest.fixture
def seeded(transactional_db: None) -> None:
    """The catalogue and the starter set come from data migrations; a
    transactional test after another one finds the database flushed, so the
    same seed functions are run again when they are missing."""
    from django.apps import apps

    from cnscd.indicators.models import Form

    if not Form.objects.exists():
        for name in SEEDS:
            importlib.import_module(name).seed(apps, None)


def test_commune_officer_self_assesses_the_commune(
    page: Page,
    live_server,
    seeded: None,
    tree: Tree,
    commune_a_officer,
    province_officer,
) -> None:
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
    goto(page, f"{live_server.url}/evaluation/sheet/?unit={tree.a.pk}&period=202306")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(page, "xa.a")

    expect(
        page.get_by_role("heading", name="Phiếu chấm điểm: Xã Thanh Miện")
    ).to_be_visible()
    expect(page.get_by_text("8,75")).to_be_visible()  # provisional, from the data
    expect(page.get_by_text("300 / 1.200 = 25% × 15 = 3,75 điểm.")).to_be_visible()
    page.get_by_role("button", name="Mở phiếu chấm").click()
    expect(
        page.get_by_text("Đã mở phiếu chấm với điểm tính từ số liệu.")
    ).to_be_visible()
    page.get_by_label("Điểm tự chấm").fill("6")
    page.get_by_role("button", name="Gửi tự đánh giá lên cấp trên").click()
    expect(page.get_by_text("Đã gửi tự đánh giá lên cấp trên.")).to_be_visible()
    expect(page.get_by_text("Đơn vị đã tự đánh giá")).to_be_visible()
    expect(page.locator("tfoot")).to_contain_text("14,75")
    assert errors == [], errors
