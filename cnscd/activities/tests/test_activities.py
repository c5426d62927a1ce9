"""The activity log: a session logged by a team counts at once in its village's
month and every unit above; bad input is refused field by field; only the
team and the officers over it write; a stale page loses nothing."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cnscd.accounts.models import Assignment
from cnscd.activities.models import Activity
from cnscd.activities.services import (
    Entry,
    activity_create,
    activity_delete,
    activity_update,
)
from cnscd.core.concurrency import StaleVersion
from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.indicators import workflow
from cnscd.indicators.choices import Source
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.models import DataValue, Rollup
from cnscd.indicators.selectors import form_get, pivot
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body
from conftest import Tree, client_for, make_user

JUNE = parse_period("202306")
NOW = "2023-07-03 09:00 +07:00"


@pytest.fixture
def teams(tree: Tree) -> dict[str, Body]:
    opened = dt.date(2023, 1, 10)
    return {
        name: Body.objects.create(
            kind=BodyKind.COMMUNITY_TEAM, unit=unit, name=name, established_on=opened
        )
        for name, unit in [("Tổ thôn Đông", tree.a1), ("Tổ thôn Đoài", tree.a2)]
    }


def log(actor, body: Body, day: str, people: int, kind: str = "vneid") -> Activity:
    with time_machine.travel(NOW):
        return activity_create(
            actor=actor,
            body=body,
            entry=Entry(dt.date.fromisoformat(day), kind, people),
        )


def derived(unit, period: str = "202306") -> dict[str, object]:
    return {
        code: (value, source)
        for code, value, source in DataValue.objects.filter(
            unit=unit, period=period
        ).values_list("indicator__code", "value", "source")
    }


def month_total(unit, first_month: int) -> object:
    row = Rollup.objects.filter(
        unit=unit,
        indicator__code="activity_people_guided",
        first_month=first_month,
        last_month=first_month,
        container=False,
    ).first()
    return row.total if row else None


def test_a_session_counts_at_once_in_the_village_and_above(
    tree: Tree, teams: dict[str, Body], team_a_leader, commune_a_officer
) -> None:
    east = teams["Tổ thôn Đông"]
    first = log(team_a_leader, east, "2023-06-10", 25)
    log(team_a_leader, east, "2023-06-24", 30, "ecommerce")
    log(commune_a_officer, teams["Tổ thôn Đoài"], "2023-06-12", 7)
    assert derived(tree.a1) == {
        "activity_sessions": (2, Source.ACTIVITIES),
        "activity_people_guided": (55, Source.ACTIVITIES),
    }
    assert month_total(tree.a, JUNE.first_month) == 62
    assert month_total(tree.p, JUNE.first_month) == 62
    table = pivot(actor=SYSTEM, unit=tree.a, period=JUNE, form=form_get("nk-hoat-dong"))
    assert {r.unit.name: r.values["activity_people_guided"] for r in table.rows} == {
        "Thôn Đông": 55,
        "Thôn Đoài": 7,
    }
    # Moving a session to July moves its people with it.
    with time_machine.travel("2023-08-01 09:00 +07:00"):
        activity_update(
            actor=team_a_leader,
            activity=first,
            version=first.version,
            entry=Entry(dt.date(2023, 7, 2), "vneid", 25),
        )
    assert derived(tree.a1)["activity_people_guided"] == (30, Source.ACTIVITIES)
    assert derived(tree.a1, "202307")["activity_people_guided"] == (
        25,
        Source.ACTIVITIES,
    )
    first.refresh_from_db()
    activity_delete(actor=team_a_leader, activity=first, version=first.version)
    assert derived(tree.a1, "202307") == {}
    assert month_total(tree.a, parse_period("202307").first_month) in (None, 0)


def test_bad_input_is_refused_field_by_field(
    tree: Tree, teams: dict[str, Body], team_a_leader
) -> None:
    east = teams["Tổ thôn Đông"]
    cases = [
        (Entry(dt.date(2023, 7, 4), "vneid", 5), "held_on", "Ngày chưa đến"),
        (Entry(dt.date(321, 3, 7), "vneid", 5), "held_on", "kiểm tra lại năm"),
        (Entry(dt.date(2022, 12, 31), "vneid", 5), "held_on", "Tổ thành lập ngày"),
        (Entry(None, "vneid", 5), "held_on", "Hãy ghi ngày"),
        (Entry(dt.date(2023, 6, 1), "hát", 5), "kind", "Hãy chọn nội dung"),
        (Entry(dt.date(2023, 6, 1), "vneid", 5000), "people_guided", "2.000"),
        (Entry(dt.date(2023, 6, 1), "vneid", None), "people_guided", "0 nếu"),
    ]
    for entry, field, words in cases:
        with time_machine.travel(NOW), pytest.raises(ValidationError) as caught:
            activity_create(actor=team_a_leader, body=east, entry=entry)
        assert words in caught.value.message_dict[field][0], (entry, caught.value)
    assert not Activity.objects.exists() and not DataValue.objects.exists()


def test_only_the_team_and_its_officers_write(
    tree: Tree, teams: dict[str, Body], team_a_leader, commune_b_officer
) -> None:
    member = make_user("thanhvien.a1", tree.a1, Role.TEAM_MEMBER)
    log(member, teams["Tổ thôn Đông"], "2023-06-05", 3)
    with pytest.raises(PermissionDenied):  # another village's team
        log(team_a_leader, teams["Tổ thôn Đoài"], "2023-06-05", 3)
    with pytest.raises(PermissionDenied):  # another commune's officer
        log(commune_b_officer, teams["Tổ thôn Đông"], "2023-06-05", 3)
    committee = Body.objects.create(
        kind=BodyKind.STEERING_COMMITTEE, unit=tree.a, name="Tổ chỉ đạo xã A"
    )
    Assignment.objects.create(user=member, unit=tree.a, role=Role.COMMUNE_OFFICER)
    with pytest.raises(PermissionDenied):  # a committee keeps no field log
        log(member, committee, "2023-06-05", 3)
    assert Activity.objects.count() == 1
    page = client_for(commune_b_officer).get(
        "/activities/", {"body": teams["Tổ thôn Đông"].pk, "month": "202306"}
    )
    assert page.status_code == 404


def test_a_stale_correction_is_refused(
    tree: Tree, teams: dict[str, Body], team_a_leader, commune_a_officer
) -> None:
    activity = log(team_a_leader, teams["Tổ thôn Đông"], "2023-06-10", 25)
    opened = activity.version
    with time_machine.travel(NOW):
        activity_update(
            actor=commune_a_officer,
            activity=activity,
            version=opened,
            entry=Entry(dt.date(2023, 6, 10), "vneid", 26),
        )
        stale = Activity.objects.get(pk=activity.pk)
        with pytest.raises(StaleVersion):
            activity_update(
                actor=team_a_leader,
                activity=stale,
                version=opened,
                entry=Entry(dt.date(2023, 6, 10), "vneid", 99),
            )
    assert derived(tree.a1)["activity_people_guided"][0] == 26


def test_pages_log_and_list_a_session(
    tree: Tree, teams: dict[str, Body], team_a_leader
) -> None:
    east = teams["Tổ thôn Đông"]
    with time_machine.travel(NOW):
        page = client_for(team_a_leader)
        bad = page.post(
            f"/activities/new/?body={east.pk}",
            {"held_on": "2023-06-20", "kind": "vneid", "people_guided": "1O"},
        )
        assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()
        future = page.post(
            f"/activities/new/?body={east.pk}",
            {"held_on": "2023-07-20", "kind": "vneid", "people_guided": "10"},
        ).content.decode()
        assert '<div class="invalid-feedback d-block">Ngày chưa đến' in future
        done = page.post(
            f"/activities/new/?body={east.pk}",
            {
                "held_on": "2023-06-20",
                "kind": "cashless",
                "people_guided": "1.200",
                "place": "Chợ Đông",
            },
        )
        assert done.status_code == 302 and done["Location"].endswith("month=202306")
        html = page.get(done["Location"]).content.decode()
        detail = page.get(f"/teams/{east.pk}/").content.decode()
    assert "<strong>1</strong> buổi" in html and "<strong>1.200</strong> lượt" in html
    assert "Hướng dẫn thanh toán không dùng tiền mặt" in html and "20/6/2023" in html
    assert "Nhật ký hoạt động" in detail


def test_the_gathered_form_is_never_typed_or_imported(
    tree: Tree, teams: dict[str, Body], commune_a_officer, province_officer
) -> None:
    log(commune_a_officer, teams["Tổ thôn Đông"], "2023-06-10", 25)
    form = form_get("nk-hoat-dong")
    report = workflow.report_for_display(form=form, unit=tree.a1, period=JUNE)
    assert report.pk and not workflow.can_enter(commune_a_officer, report)
    assert not workflow.can_approve(commune_a_officer, report)
    page = client_for(commune_a_officer).get(
        "/indicators/report/",
        {"unit": tree.a1.pk, "period": "202306", "form": "nk-hoat-dong"},
    )
    html = page.content.decode()
    assert "tổng hợp tự động từ nhật ký hoạt động" in html and 'value="25"' in html
    assert "Lưu nháp" not in html and "Trạng thái" not in html
    pivot_page = (
        client_for(commune_a_officer)
        .get(
            "/indicators/pivot/",
            {"unit": tree.a.pk, "period": "202306", "form": "nk-hoat-dong"},
        )
        .content.decode()
    )
    assert "Từ nhật ký" in pivot_page and "Chưa báo cáo" not in pivot_page
    with pytest.raises(ValidationError, match="nhật ký hoạt động"):
        import_sheet(
            actor=province_officer,
            data=sheet(ROWS),
            filename="t6.xlsx",
            period="202306",
            parent=tree.p,
            form=form,
        )


def test_the_api_logs_a_session_or_says_what_is_wrong(
    tree: Tree, teams: dict[str, Body], team_a_leader
) -> None:
    east = teams["Tổ thôn Đông"]
    with time_machine.travel(NOW):
        api = client_for(team_a_leader)
        late = api.post(
            "/api/v1/activities/",
            {
                "body": east.pk,
                "held_on": "2023-07-09",
                "kind": "vneid",
                "people_guided": 4,
            },
            content_type="application/json",
        )
        assert late.status_code == 400
        assert "Ngày chưa đến" in late.json()["detail"][0]
        made = api.post(
            "/api/v1/activities/",
            {
                "body": east.pk,
                "held_on": "2023-07-01",
                "kind": "vneid",
                "people_guided": 4,
            },
            content_type="application/json",
        )
        assert made.status_code == 201 and made.json()["kind_label"].startswith(
            "Hướng dẫn cài đặt"
        )
        listed = api.get("/api/v1/activities/", {"body": east.pk, "month": "202307"})
    assert [a["people_guided"] for a in listed.json()["results"]] == [4]
    assert derived(tree.a1, "202307")["activity_people_guided"][0] == 4


def test_a_session_is_deleted_from_its_page_and_a_stale_page_is_told(
    tree: Tree, teams: dict[str, Body], team_a_leader
) -> None:
    east = teams["Tổ thôn Đông"]
    with time_machine.travel(NOW):
        activity = log(team_a_leader, east, "2023-06-10", 25)
        page = client_for(team_a_leader)
        url = f"/activities/{activity.pk}/"
        stale = page.post(url, {"action": "delete", "version": "7"}, follow=True)
        text = stale.content.decode()
        assert "vừa được người khác sửa" in text and "Đã xóa" not in text
        assert page.post(url, {"action": "delete"}).status_code == 400
        gone = page.post(url, {"action": "delete", "version": "1"})
    assert gone.status_code == 302 and gone["Location"].endswith("month=202306")
    assert not Activity.objects.exists() and derived(tree.a1) == {}


def test_a_village_of_the_former_structure_takes_no_session_after_it_ended(
    tree: Tree, teams: dict[str, Body], commune_a_officer
) -> None:
    with (
        time_machine.travel("2025-08-20 09:00 +07:00"),
        pytest.raises(
            ValidationError, match="cơ cấu hành chính cũ, chỉ đến ngày 30/6/2025"
        ),
    ):
        activity_create(
            actor=commune_a_officer,
            body=teams["Tổ thôn Đông"],
            entry=Entry(dt.date(2025, 8, 10), "vneid", 5),
        )
    log(commune_a_officer, teams["Tổ thôn Đông"], "2023-06-30", 5)  # while it was


@pytest.mark.parametrize("raw", ["1e400", "NaN", "Infinity", "99999999999999999"])
def test_a_hostile_number_of_people_is_refused_on_the_page_and_the_api(
    tree: Tree, teams: dict[str, Body], team_a_leader, raw: str
) -> None:
    east = teams["Tổ thôn Đông"]
    with time_machine.travel(NOW):
        client = client_for(team_a_leader)
        page = client.post(
            f"/activities/new/?body={east.pk}",
            {"held_on": "2023-06-20", "kind": "vneid", "people_guided": raw},
        )
        assert page.status_code == 200 and "invalid-feedback" in page.content.decode()
        api = client.post(
            "/api/v1/activities/",
            {
                "body": east.pk,
                "held_on": "2023-06-20",
                "kind": "vneid",
                "people_guided": int(raw) if raw.isdigit() else raw,
            },
            content_type="application/json",
        )
        assert api.status_code == 400
    assert not Activity.objects.exists() and not DataValue.objects.exists()
