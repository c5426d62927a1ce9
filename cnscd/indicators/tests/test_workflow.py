"""Report entry and workflow: draft, submit, approve, return, corrections as revisions."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cnscd.core.concurrency import StaleVersion
from cnscd.core.periods import parse_period
from cnscd.indicators import workflow
from cnscd.indicators.completeness import completeness
from cnscd.indicators.models import DataValue, Report, Rollup
from cnscd.indicators.selectors import form_get
from conftest import Tree, client_for

P = parse_period("202306")
VALUES = {
    "training_sessions": "3",
    "members_trained": "10",
    "citizens_guided": "1.200",
    "dvc_accounts_created": "300",
    "vneid_accounts_created": "900",
}


def draft(tree: Tree) -> Report:
    return workflow.report_for_display(
        form=form_get("bc-cnscd-xa"), unit=tree.a, period=P
    )


def test_save_submit_approve_and_lock(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    r = workflow.report_save(
        actor=commune_a_officer, report=draft(tree), period=P, version=1, raw=VALUES
    ).report
    assert (
        r.status == "draft"
        and DataValue.objects.get(unit=tree.a, indicator__code="citizens_guided").value
        == 1200
    )
    assert (
        Rollup.objects.get(
            unit=tree.p, indicator__code="citizens_guided", container=False
        ).total
        == 1200
    )
    r = workflow.report_save(
        actor=commune_a_officer,
        report=r,
        period=P,
        version=r.version,
        raw=VALUES,
        submit=True,
    ).report
    assert r.status == "submitted" and r.submitted_by == commune_a_officer
    with pytest.raises(ValidationError, match="không sửa trực tiếp"):
        workflow.report_save(
            actor=commune_a_officer, report=r, period=P, version=r.version, raw=VALUES
        )
    with pytest.raises(PermissionDenied):
        workflow.report_approve(actor=commune_a_officer, report=r, version=r.version)
    r = workflow.report_approve(actor=province_officer, report=r, version=r.version)
    assert r.status == "approved" and r.approved_by == province_officer


def test_return_with_reason_then_correct(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    r = workflow.report_save(
        actor=commune_a_officer,
        report=draft(tree),
        period=P,
        version=1,
        raw=VALUES,
        submit=True,
    ).report
    with pytest.raises(ValidationError, match="lý do"):
        workflow.report_return(
            actor=province_officer, report=r, version=r.version, reason="  "
        )
    r = workflow.report_return(
        actor=province_officer,
        report=r,
        version=r.version,
        reason="Số người dân quá cao so với dân số xã.",
    )
    assert r.status == "returned"
    html = (
        client_for(commune_a_officer)
        .get(
            "/indicators/report/",
            {"unit": tree.a.pk, "period": "202306", "form": "bc-cnscd-xa"},
        )
        .content.decode()
    )
    assert "Báo cáo bị trả lại: Số người dân quá cao so với dân số xã." in html
    r = workflow.report_save(
        actor=commune_a_officer,
        report=r,
        period=P,
        version=r.version,
        raw={**VALUES, "citizens_guided": "800"},
        submit=True,
    ).report
    assert (
        r.status == "submitted"
        and Rollup.objects.get(
            unit=tree.p, indicator__code="citizens_guided", container=False
        ).total
        == 800
    )


def test_correction_after_approval_is_a_revision_with_a_diff(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    r = workflow.report_save(
        actor=commune_a_officer,
        report=draft(tree),
        period=P,
        version=1,
        raw=VALUES,
        submit=True,
    ).report
    r = workflow.report_approve(actor=province_officer, report=r, version=r.version)
    r = workflow.report_reopen(
        actor=commune_a_officer, report=r, version=r.version, reason="Bỏ sót thôn Đoài"
    )
    assert (r.status, r.revision) == ("draft", 2)
    r = workflow.report_save(
        actor=commune_a_officer,
        report=r,
        period=P,
        version=r.version,
        raw={**VALUES, "citizens_guided": "1.450"},
    ).report
    assert [
        (code, before, after) for code, _, before, after in workflow.report_diff(r)
    ] == [("citizens_guided", 1200, 1450)]
    assert r.revisions.get().values["citizens_guided"].startswith("1200")


def test_second_officer_is_told_and_nothing_is_lost(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    r = workflow.report_save(
        actor=commune_a_officer, report=draft(tree), period=P, version=1, raw=VALUES
    ).report
    opened_at = r.version
    workflow.report_save(
        actor=commune_a_officer,
        report=r,
        period=P,
        version=opened_at,
        raw={**VALUES, "training_sessions": "4"},
    )
    with pytest.raises(StaleVersion):
        workflow.report_save(
            actor=province_officer,
            report=Report.objects.get(pk=r.pk),
            period=P,
            version=opened_at,
            raw={**VALUES, "training_sessions": "9"},
        )
    assert (
        DataValue.objects.get(unit=tree.a, indicator__code="training_sessions").value
        == 4
    )


def test_bad_numbers_and_other_communes(
    tree: Tree, commune_a_officer, commune_b_officer
) -> None:
    with pytest.raises(ValidationError) as exc:
        workflow.report_save(
            actor=commune_a_officer,
            report=draft(tree),
            period=P,
            version=1,
            raw={**VALUES, "members_trained": "mười", "training_sessions": "2,5"},
        )
    assert set(exc.value.error_dict) == {"members_trained", "training_sessions"}
    assert not DataValue.objects.exists() and not Report.objects.exists()
    with pytest.raises(PermissionDenied):
        workflow.report_save(
            actor=commune_b_officer, report=draft(tree), period=P, version=1, raw=VALUES
        )
    assert (
        client_for(commune_b_officer)
        .get(
            "/indicators/report/",
            {"unit": tree.a.pk, "period": "202306", "form": "bc-cnscd-xa"},
        )
        .status_code
        == 404
    )


def test_submission_runs_quality_checks(tree: Tree, commune_a_officer) -> None:
    result = workflow.report_save(
        actor=commune_a_officer,
        report=draft(tree),
        period=P,
        version=1,
        raw={**VALUES, "dvc_accounts_created": "5.000"},
        submit=True,
    )
    assert result.report.status == "submitted"
    assert [f.kind for f in result.findings] == [
        "rule_violation"
    ] and "5.000" in result.findings[0].message


def test_page_entry_with_vietnamese_numbers(tree: Tree, commune_a_officer) -> None:
    client = client_for(commune_a_officer)
    url = f"/indicators/report/?unit={tree.a.pk}&period=202306&form=bc-cnscd-xa"
    data = {f"v:{k}": v for k, v in VALUES.items()}
    response = client.post(url, {**data, "version": 1, "action": "save"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'value="1.200"' in html and "Bản nháp" in html
    bad = client.post(
        url, {**data, "v:members_trained": "abc", "version": 2, "action": "save"}
    ).content.decode()
    assert "Không đọc được số “abc”" in bad


def test_completeness_and_lateness(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    with time_machine.travel(
        dt.datetime(2023, 7, 20, 9, tzinfo=dt.UTC)
    ):  # deadline 5/7: late
        workflow.report_save(
            actor=commune_a_officer,
            report=draft(tree),
            period=P,
            version=1,
            raw=VALUES,
            submit=True,
        )
    rows = completeness(
        actor=province_officer, unit=tree.p, form=form_get("bc-cnscd-xa"), period=P
    )
    assert [
        (r.unit.name, r.report.status if r.report else None, r.late) for r in rows
    ] == [("Xã Thanh Miện", "submitted", True), ("Xã Bình Minh", None, False)]
    html = (
        client_for(province_officer)
        .get(
            "/indicators/completeness/",
            {"unit": tree.p.pk, "period": "202306", "form": "bc-cnscd-xa"},
        )
        .content.decode()
    )
    assert "Đã nộp <strong>1/2</strong>" in html and "nộp muộn 1" in html


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        ("monthly", dt.date(2026, 11, 28), "202610"),
        ("monthly", dt.date(2026, 1, 5), "202512"),
        ("quarterly", dt.date(2026, 11, 28), "2026Q3"),
        ("quarterly", dt.date(2026, 2, 1), "2025Q4"),
        ("sixmonthly", dt.date(2026, 11, 28), "2026S1"),
        ("sixmonthly", dt.date(2026, 3, 1), "2025S2"),
        ("sixmonthly", dt.date(2025, 7, 1), "2025S1"),
        ("yearly", dt.date(2026, 11, 28), "2025"),
    ],
)
def test_latest_complete_period(kind: str, day: dt.date, expected: str) -> None:
    from cnscd.indicators.selectors import latest_period

    assert latest_period(kind, day).code == expected


def test_report_start_goes_to_the_commune_form(tree: Tree, commune_a_officer) -> None:
    response = client_for(commune_a_officer).get(
        "/indicators/report/start/", {"unit": tree.a.pk}
    )
    # Legacy commune: its last complete month before the reform.
    assert (
        response["Location"]
        == f"/indicators/report/?unit={tree.a.pk}&period=202506&form=bc-cnscd-xa"
    )
