"""Score sheets: self-assessment, review, approval with evidence, freezing;
targets by hand and by rule, with progress."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cnscd.core.concurrency import StaleVersion
from cnscd.core.periods import parse_period
from cnscd.evaluation import services, targets
from cnscd.evaluation.choices import EvaluationStatus, TargetMethod
from cnscd.evaluation.models import CriteriaSet, Target
from cnscd.evaluation.progress import target_progress
from cnscd.evaluation.selectors import (
    band_set_default,
    evaluation_table,
    shortlist,
)
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.models import Indicator
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from conftest import Tree, client_for
from tests.hostile_files import valid_pdf

JUNE = parse_period("202306")


@pytest.fixture
def reported(tree: Tree, province_officer) -> Tree:
    result = import_sheet(
        actor=province_officer,
        data=sheet(ROWS),
        filename="t6.xlsx",
        period="202306",
        parent=tree.p,
    )
    assert result.stored
    return tree


def _starter() -> CriteriaSet:
    return CriteriaSet.objects.get(code="cnscd-du-thao-dia-phuong")


def test_sheet_goes_round_the_loop_and_freezes(
    reported: Tree, commune_a_officer, province_officer
) -> None:
    tree, cset, bands = reported, _starter(), band_set_default()
    sheet_a = services.evaluation_open(
        actor=commune_a_officer, unit=tree.a, period=JUNE, cset=cset, band_set=bands
    )
    by_number = {s.number: s for s in sheet_a.scores.all()}
    assert by_number["1"].computed == 5  # 3 sessions: tier ≥1
    assert by_number["3"].computed == D("3.75")  # 300 / 1.200 × 15
    assert by_number["3"].inputs == {
        "dvc_accounts_created": "300",
        "citizens_guided": "1.200",
    }
    assert by_number["8"].computed is None  # manual
    assert sheet_a.total == D("8.75")
    manual = by_number["8"].criterion_id
    sheet_a = services.evaluation_self_assess(
        actor=commune_a_officer,
        evaluation=sheet_a,
        version=sheet_a.version,
        entries=[services.SelfEntry(manual, D(6), note="Mô hình “Chợ 4.0”")],
        band_set=bands,
        submit=True,
    )
    assert sheet_a.status == EvaluationStatus.SELF_ASSESSED
    assert sheet_a.total == D("14.75")
    with pytest.raises(PermissionDenied):
        services.evaluation_review(
            actor=commune_a_officer,
            evaluation=sheet_a,
            version=sheet_a.version,
            entries=[],
            band_set=bands,
        )
    with pytest.raises(ValidationError, match="ghi lý do"):
        services.evaluation_review(
            actor=province_officer,
            evaluation=sheet_a,
            version=sheet_a.version,
            entries=[services.ReviewEntry(manual, D(4))],
            band_set=bands,
        )
    sheet_a.refresh_from_db()
    sheet_a = services.evaluation_review(
        actor=province_officer,
        evaluation=sheet_a,
        version=sheet_a.version,
        entries=[services.ReviewEntry(manual, D(4), "Mới triển khai ở 1 thôn")],
        band_set=bands,
    )
    assert sheet_a.total == D("12.75") and sheet_a.status == EvaluationStatus.REVIEWED
    with pytest.raises(
        ValidationError, match="thiếu tài liệu kiểm chứng cho tiêu chí 8"
    ):
        services.evaluation_approve(
            actor=province_officer, evaluation=sheet_a, version=sheet_a.version
        )
    sheet_a.refresh_from_db()
    stale = sheet_a.version
    services.evaluation_return(
        actor=province_officer,
        evaluation=sheet_a,
        version=stale,
        reason="Bổ sung minh chứng",
    )
    with pytest.raises(StaleVersion):  # the unit's page from before the return
        services.evaluation_self_assess(
            actor=commune_a_officer,
            evaluation=sheet_a,
            version=stale,
            entries=[],
            band_set=bands,
        )
    sheet_a.refresh_from_db()
    sheet_a = services.evaluation_self_assess(
        actor=commune_a_officer,
        evaluation=sheet_a,
        version=sheet_a.version,
        entries=[services.SelfEntry(manual, D(6), file=(valid_pdf(), "Biên bản.pdf"))],
        band_set=bands,
        submit=True,
    )
    row8 = sheet_a.scores.get(criterion_id=manual)
    assert row8.evidence_name == "Biên bản.pdf" and len(row8.evidence_sha256) == 64
    assert services.evidence_path(row8).read_bytes() == valid_pdf()
    sheet_a = services.evaluation_review(
        actor=province_officer,
        evaluation=sheet_a,
        version=sheet_a.version,
        entries=[],
        band_set=bands,
    )
    sheet_a = services.evaluation_approve(
        actor=province_officer, evaluation=sheet_a, version=sheet_a.version
    )
    # The first review's change stands (the reviewer left it as it was).
    assert sheet_a.frozen and sheet_a.total == D("12.75")

    # New data change nothing frozen (the approver returned B's report first).
    from cnscd.indicators.models import Report

    Report.objects.filter(unit__in=[tree.a, tree.b]).update(status="returned")
    assert import_sheet(
        actor=province_officer,
        data=sheet(
            [
                [1, "X. Thanh Miện", 30, 10, 1200, 1200, 900],
                [2, "Xã Bình Minh", 12, 5, 400, 400, 250],
            ]
        ),
        filename="b.xlsx",
        period="202306",
        parent=tree.p,
    ).stored
    table = evaluation_table(
        actor=province_officer, unit=tree.p, period=JUNE, cset=cset
    )
    rows = {r.unit.code: r for r in table.rows}
    assert rows["90001"].status == "approved" and rows["90001"].score == D("12.75")
    assert rows["90002"].status == "provisional"
    assert rows["90002"].criteria[0].points == 15  # 12 sessions now
    with pytest.raises(ValidationError, match="không sửa được"):
        services.evaluation_self_assess(
            actor=commune_a_officer,
            evaluation=sheet_a,
            version=sheet_a.version,
            entries=[],
            band_set=bands,
        )


def test_evidence_must_be_a_document_of_reasonable_size(
    reported: Tree, commune_a_officer
) -> None:
    sheet_a = services.evaluation_open(
        actor=commune_a_officer,
        unit=reported.a,
        period=JUNE,
        cset=_starter(),
        band_set=None,
    )
    manual = sheet_a.scores.get(number="8").criterion_id
    for blob, name, says in [
        (b"MZ", "virus.exe", "chỉ nhận tệp PDF"),
        (b"0" * (10 * 1024 * 1024 + 1), "to.pdf", "lớn hơn 10 MB"),
    ]:
        with pytest.raises(ValidationError, match=says):
            services.evaluation_self_assess(
                actor=commune_a_officer,
                evaluation=sheet_a,
                version=sheet_a.version,
                entries=[services.SelfEntry(manual, D(1), file=(blob, name))],
                band_set=None,
            )
        sheet_a.refresh_from_db()
    with pytest.raises(ValidationError, match="từ 0 đến 10"):
        services.evaluation_self_assess(
            actor=commune_a_officer,
            evaluation=sheet_a,
            version=sheet_a.version,
            entries=[services.SelfEntry(manual, D(11))],
            band_set=None,
        )


def test_shortlist_takes_the_top_band_with_reasons(
    reported: Tree, province_officer
) -> None:
    table = evaluation_table(actor=province_officer, unit=reported.p, period=JUNE)
    # Both communes score 8,75 (5 + 3,75): tied first, both listed.
    listed = shortlist(table, size=1)
    assert [r.unit.code for r, _ in listed] == ["90001", "90002"]
    assert listed[0][1][0] == (
        "Xếp thứ 1 với 8,75 điểm; xếp loại “Đã triển khai nhưng chưa mở rộng”."
    )


def test_targets_split_by_rule_keep_hand_changes_and_show_progress(
    reported: Tree, province_officer, commune_a_officer
) -> None:
    tree = reported
    citizens = Indicator.objects.get(code="citizens_guided")
    equal = targets.targets_distribute(
        actor=province_officer,
        parent=tree.p,
        indicator=citizens,
        period=JUNE,
        total=D(1000),
        method=TargetMethod.EQUAL,
    )
    assert [(u.code, v) for u, v, _ in equal.shares] == [("90001", 500), ("90002", 500)]
    by_villages = targets.targets_distribute(
        actor=province_officer,
        parent=tree.p,
        indicator=citizens,
        period=JUNE,
        total=D(1000),
        method=TargetMethod.VILLAGES,
    )
    assert [v for _, v, _ in by_villages.shares] == [667, 333]  # 2 villages : 1
    target_b = Target.objects.get(unit=tree.b, indicator=citizens)
    targets.target_set(
        actor=province_officer,
        unit=tree.b,
        indicator=citizens,
        period=JUNE,
        value=D(400),
        version=target_b.version,
    )
    with pytest.raises(StaleVersion):
        targets.target_set(
            actor=province_officer,
            unit=tree.b,
            indicator=citizens,
            period=JUNE,
            value=D(450),
            version=target_b.version,
        )
    again = targets.targets_distribute(
        actor=province_officer,
        parent=tree.p,
        indicator=citizens,
        period=JUNE,
        total=D(1000),
        method=TargetMethod.VILLAGES,
    )
    assert [(v, kept) for _, v, kept in again.shares] == [(600, False), (400, True)]
    with pytest.raises(PermissionDenied):
        targets.target_set(
            actor=commune_a_officer,
            unit=tree.a,
            indicator=citizens,
            period=JUNE,
            value=D(1),
        )
    # The commune splits its own target further, among its villages.
    split = targets.targets_distribute(
        actor=commune_a_officer,
        parent=tree.a,
        indicator=citizens,
        period=JUNE,
        total=D(600),
        method=TargetMethod.EQUAL,
    )
    assert [v for _, v, _ in split.shares] == [300, 300]
    with pytest.raises(
        ValidationError, match="Chưa có dân số của: Xã Thanh Miện\\. Hãy nhập"
    ):
        targets.targets_distribute(
            actor=province_officer,
            parent=tree.p,
            indicator=citizens,
            period=JUNE,
            total=D(1000),
            method=TargetMethod.POPULATION,
        )
    rows = target_progress(
        actor=province_officer,
        unit=tree.p,
        period=JUNE,
        indicators=[citizens],
        today=dt.date(2023, 6, 15),
    )
    progress = {p.unit.code: p for p in rows}
    a, b = progress["90001"], progress["90002"]
    assert (a.achieved, a.target.value, a.expected_now) == (1200, 600, 300)
    assert a.percent == 200.0 and a.projection == 2400 and a.behind == 0
    assert (b.achieved, b.expected_now, b.behind) == (400, 200, 0)
    assert [p.unit.code for p in rows] == ["90", "90002", "90001"]  # most behind first
    assert progress["90"].target is None


def test_split_always_adds_up() -> None:
    shares = targets.split(D(10), {1: D(1), 2: D(1), 3: D(1)}, integer=True)
    assert sorted(shares.values()) == [3, 3, 4] and sum(shares.values()) == 10
    assert targets.split(D("10.00"), {1: D(1), 2: D(2)}, integer=False) == {
        1: D("3.33"),
        2: D("6.67"),
    }
    with pytest.raises(ValidationError, match="tổng trọng số bằng 0"):
        targets.split(D(10), {1: D(0)}, integer=True)


def test_an_unscored_criterion_is_not_approved_as_zero(
    reported: Tree, commune_a_officer, province_officer
) -> None:
    """A manual criterion nobody scored shows "chưa chấm" and blocks the
    approval (a blank is not 0 points) until the reviewer gives points."""
    tree, cset, bands = reported, _starter(), band_set_default()
    sheet_a = services.evaluation_open(
        actor=commune_a_officer, unit=tree.a, period=JUNE, cset=cset, band_set=bands
    )
    manual = sheet_a.scores.get(number="8")
    assert manual.unscored and not sheet_a.scores.get(number="1").unscored
    sheet_a = services.evaluation_self_assess(
        actor=commune_a_officer,
        evaluation=sheet_a,
        version=sheet_a.version,
        entries=[],
        band_set=bands,
        submit=True,
    )
    page = client_for(province_officer).get(
        f"/evaluation/sheet/?unit={tree.a.pk}&period=202306"
    )
    # In the score sheet's own row for criterion 8, not only in the preview.
    rows = re.findall(
        r"<tr><td>(\d+)</td>((?:(?!<tr>).)*)", page.content.decode(), re.S
    )
    marks = {n: "chưa chấm</span>" in rest for n, rest in rows}
    assert page.status_code == 200 and marks["8"] and not marks["1"]
    sheet_a = services.evaluation_review(
        actor=province_officer,
        evaluation=sheet_a,
        version=sheet_a.version,
        entries=[],
        band_set=bands,
    )
    with pytest.raises(ValidationError, match="tiêu chí 8 chưa có điểm"):
        services.evaluation_approve(
            actor=province_officer, evaluation=sheet_a, version=sheet_a.version
        )
    sheet_a.refresh_from_db()
    assert sheet_a.status == EvaluationStatus.REVIEWED
