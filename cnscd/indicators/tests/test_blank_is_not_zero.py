"""Issue #14 item 2: a blank is not a zero, and "sent" is one notion.

A monthly form viewed over a half-year counts the months gone by; drafts and
returned reports are not sent; the completeness page, the dashboard and the
report's narrative give the same tally. A unit with a target and no figure is
"chưa có số liệu", never 0% or the most behind; a unit with no data has no
score on the ranking."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from cnscd.core.periods import parse_period, periods_within
from cnscd.dashboards.selectors import Headline, dashboard
from cnscd.evaluation.models import Target
from cnscd.evaluation.progress import target_progress
from cnscd.evaluation.selectors import evaluation_table
from cnscd.indicators import workflow
from cnscd.indicators.completeness import completeness, counts, expected_periods
from cnscd.indicators.models import Indicator
from cnscd.indicators.selectors import form_get
from cnscd.reports.narrative import _completeness
from cnscd.reports.selectors import report_content
from conftest import Tree, client_for

S1 = parse_period("2023S1")
AFTER = dt.datetime(2023, 7, 20, 9, tzinfo=dt.UTC)
VALUES = {"training_sessions": "3", "citizens_guided": "100"}


@pytest.mark.parametrize(
    ("code", "kind", "expected"),
    [
        ("2023S1", "monthly", [f"2023{m:02d}" for m in range(1, 7)]),
        ("2023", "sixmonthly", ["2023S1", "2023S2"]),
        ("202304", "sixmonthly", ["2023S1"]),
        ("2023S2", "quarterly", ["2023Q3", "2023Q4"]),
        ("202311-202402", "monthly", ["202311", "202312", "202401", "202402"]),
        ("2023Q1", "weekly", [f"2023W{w:02d}" for w in range(1, 14)]),
        ("2023", "range", []),
    ],
)
def test_periods_within(code: str, kind: str, expected: list[str]) -> None:
    assert [p.code for p in periods_within(parse_period(code), kind)] == expected


def test_only_ended_periods_are_expected(db: None) -> None:
    form = form_get("bc-cnscd-xa")
    today = dt.date(2023, 4, 10)
    assert [p.code for p in expected_periods(form, S1, today)] == [
        "202301",
        "202302",
        "202303",
    ]
    # Nothing has ended yet: the month under way is expected.
    assert [p.code for p in expected_periods(form, S1, dt.date(2023, 1, 5))] == [
        "202301"
    ]


def _send(actor, unit, month: int, *, submit: bool = True):
    period = parse_period(f"2023{month:02d}")
    report = workflow.report_for_display(
        form=form_get("bc-cnscd-xa"), unit=unit, period=period
    )
    return workflow.report_save(
        actor=actor,
        report=report,
        period=period,
        version=report.version or 1,
        raw=VALUES,
        submit=submit,
    ).report


def test_a_half_year_counts_the_months_sent_everywhere_alike(
    tree: Tree, commune_a_officer, commune_b_officer, province_officer
) -> None:
    with time_machine.travel(AFTER):
        for month in range(1, 7):
            _send(commune_a_officer, tree.a, month)
        # Xã Bình Minh: five months sent, June still a draft.
        for month in range(1, 6):
            _send(commune_b_officer, tree.b, month)
        _send(commune_b_officer, tree.b, 6, submit=False)
        form = form_get("bc-cnscd-xa")
        rows = completeness(actor=province_officer, unit=tree.p, form=form, period=S1)
        assert [(r.unit.name, r.sent, len(r.reports), r.complete) for r in rows] == [
            ("Xã Thanh Miện", 6, 6, True),
            ("Xã Bình Minh", 5, 6, False),
        ]
        assert [r.status_text for r in rows] == ["Đã gửi 6/6 kỳ", "Đã gửi 5/6 kỳ"]
        assert rows[1].to_open == "202306"
        # Sent on 20/7: January to May were due long before, June on 5/7.
        assert counts(rows) == (1, 2, 2)

        board = dashboard(actor=province_officer, unit=tree.p, period=S1)
        assert (board.reported, board.expected) == (1, 2)
        content = report_content(actor=province_officer, unit=tree.p, period=S1)
        assert _completeness(content, "xã")[0].startswith(
            "1/2 xã đã gửi báo cáo; gửi chưa đủ kỳ: Xã Bình Minh (5/6 kỳ)"
        )
        html = (
            client_for(province_officer)
            .get(
                "/indicators/completeness/",
                {"unit": tree.p.pk, "period": "2023S1", "form": "bc-cnscd-xa"},
            )
            .content.decode()
        )
        assert "Đã nộp <strong>1/2</strong>" in html
        assert "Đã gửi 5/6 kỳ" in html and "period=202306&amp;form" in html
        assert "Tháng 1/2023, Tháng 2/2023" in html


def test_a_returned_report_is_no_longer_sent(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    with time_machine.travel(AFTER):
        report = _send(commune_a_officer, tree.a, 6)
        form = form_get("bc-cnscd-xa")
        june = parse_period("202306")
        rows = completeness(actor=province_officer, unit=tree.p, form=form, period=june)
        assert counts(rows)[0] == 1
        workflow.report_return(
            actor=province_officer,
            report=report,
            version=report.version,
            reason="Sai số liệu",
        )
        rows = completeness(actor=province_officer, unit=tree.p, form=form, period=june)
        assert counts(rows)[0] == 0 and rows[0].status_text == "Trả lại"
        # A draft was never sent.
        assert not rows[1].complete and rows[1].status_text == "Chưa báo cáo"


def test_a_target_without_a_figure_is_unknown_not_zero(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    sessions = Indicator.objects.get(code="training_sessions")
    for unit in (tree.a, tree.b):
        Target.objects.create(
            unit=unit, indicator=sessions, period="2023S1", value=Decimal(60)
        )
    with time_machine.travel(AFTER):
        _send(commune_a_officer, tree.a, 6)
        rows = target_progress(
            actor=province_officer,
            unit=tree.p,
            period=S1,
            indicators=[sessions],
            today=dt.date(2023, 7, 20),
        )
        a, b = rows[1], rows[2]
        assert (a.unit, a.achieved, a.percent) == (tree.a, Decimal(3), 5.0)
        # Bình Minh has no figure: no percentage, not behind, listed last.
        assert (b.unit, b.achieved, b.percent, b.behind, b.pace) == (
            tree.b,
            None,
            None,
            None,
            None,
        )
        html = (
            client_for(province_officer)
            .get("/evaluation/targets/", {"unit": tree.p.pk, "period": "2023S1"})
            .content.decode()
        )
        assert "<strong>Chưa có số liệu:</strong> Xã Bình Minh" in html
        assert "đạt 0" not in html
        content = report_content(actor=province_officer, unit=tree.p, period=S1)
        assert [p.unit for p in content.behind] == [tree.a, tree.b]


def test_a_unit_without_data_has_no_score(
    tree: Tree, commune_a_officer, province_officer
) -> None:
    with time_machine.travel(AFTER):
        _send(commune_a_officer, tree.a, 6)
        table = evaluation_table(actor=province_officer, unit=tree.p, period=S1)
        by_unit = {r.unit: r for r in table.rows}
        assert by_unit[tree.a].known_score is not None and by_unit[tree.a].rank == 1
        assert by_unit[tree.b].known_score is None and by_unit[tree.b].rank is None
        units = table.as_dict()["units"]
        assert [u["score"] for u in units if u["unit_code"] == tree.b.code] == [None]


@pytest.mark.parametrize(
    ("value", "previous", "text"),
    [
        (Decimal(7), Decimal(0), "▲ so với kỳ trước (0)"),
        (Decimal(0), Decimal(0), "bằng kỳ trước"),
        (Decimal(7), None, "chưa có số liệu kỳ trước để so sánh"),
        (None, Decimal(7), "chưa có số liệu kỳ này"),
        (Decimal(9), Decimal(6), "▲ 50% so với kỳ trước (6)"),
    ],
)
def test_a_headline_tells_a_zero_from_a_blank(
    db: None, value: Decimal | None, previous: Decimal | None, text: str
) -> None:
    sessions = Indicator.objects.get(code="training_sessions")
    assert Headline(sessions, value, previous).change_text == text
