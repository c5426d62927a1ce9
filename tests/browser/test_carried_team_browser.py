"""After the 2025 reform, on a phone: the team leader whose team was carried
into a 2025 commune logs today's session for it (issue #15)."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cnscd.indicators.models import DataValue
from cnscd.teams.carry_over import carry_over
from cnscd.teams.models import Body
from cnscd.teams.tests.test_carry_over import Reform
from conftest import goto, sign_in
from tests.browser.test_evaluation_browser import seeded  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_carried_team_leader_logs_today_s_session(
    page: Page,
    live_server,
    seeded: None,  # noqa: F811
) -> None:
    reform = Reform()
    assert carry_over(
        actor=reform.officer, province=reform.n, accept_proposals=True
    ).stored
    team = Body.objects.get(merged_from=reform.team)
    page.set_viewport_size({"width": 360, "height": 740})
    goto(page, f"{live_server.url}/teams/{team.pk}/")
    sign_in(page, "totruong.dong")
    page.get_by_role("link", name="Nhật ký hoạt động").click()
    page.get_by_role("link", name="Ghi buổi mới").click()
    page.get_by_label("Nội dung").select_option(
        label="Hướng dẫn cài đặt, kích hoạt VNeID"
    )
    page.get_by_label("Số người dân được hướng dẫn").fill("12")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi buổi hoạt động vào nhật ký.")).to_be_visible()
    month = f"{timezone.localdate():%Y%m}"
    logged = DataValue.objects.get(
        unit=team.unit, indicator__code="activity_people_guided", period=month
    )
    assert logged.value == 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
