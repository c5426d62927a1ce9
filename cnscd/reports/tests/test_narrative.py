"""The report's wording: numbers, dates and lists the Vietnamese way."""

import datetime as dt
from decimal import Decimal as D

import pytest

from cnscd.core.periods import parse_period
from cnscd.indicators import services
from cnscd.indicators.models import DataValue
from cnscd.indicators.rollups import rebuild
from cnscd.reports.models import ReportDocument
from cnscd.reports.narrative import (
    BLANK,
    about,
    attached_to,
    change,
    free_text,
    header_date,
    number_line,
    recipients,
    sections,
)
from cnscd.reports.selectors import report_content


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D(522), "522"),
        (D(9999), "9.999"),
        (D(30000), "30.000"),  # already round: said as it is
        (D(316105), "hơn 316.000 (316.105)"),
        (D(198149), "hơn 198.000 (198.149)"),
        (D(1234567), "hơn 1.200.000 (1.234.567)"),
    ],
)
def test_large_figures_are_rounded_down_with_the_exact_figure(
    value: D, text: str
) -> None:
    assert about(value) == text


def test_change_since_the_previous_period() -> None:
    assert change(D(150), D(100)) == "tăng 50% so với kỳ trước (100)"
    assert change(D(90), D(120)) == "giảm 25% so với kỳ trước (120)"
    assert change(D(1089), D(1000)) == "tăng 8,9% so với kỳ trước (1.000)"
    assert change(D(5), D(5)) == "bằng kỳ trước (5)"
    assert change(D(5), None) == ""
    assert change(D(0), D(0)) == ""
    assert change(D(7), D(0)) == "tăng từ 0 ở kỳ trước"


def doc(**kw: object) -> ReportDocument:
    base = {
        "place": "Hải Dương",
        "issuer_code": "TCĐCNSCĐ",
        "agency": "Tổ chỉ đạo triển khai công nghệ số cộng đồng tỉnh Hải Dương",
    }
    return ReportDocument(**{**base, **kw})


def test_decree_30_date_line_number_and_appendix_reference() -> None:
    # Days under 10 and months 1–2 take a leading zero.
    assert header_date(doc(issued_on=dt.date(2023, 8, 8))) == (
        "Hải Dương, ngày 08 tháng 8 năm 2023"
    )
    assert header_date(doc(issued_on=dt.date(2024, 2, 5))) == (
        "Hải Dương, ngày 05 tháng 02 năm 2024"
    )
    assert header_date(doc(issued_on=dt.date(2023, 12, 25))) == (
        "Hải Dương, ngày 25 tháng 12 năm 2023"
    )
    undated = header_date(doc())
    assert undated.startswith(f"Hải Dương, ngày{BLANK}tháng{BLANK}năm ")
    assert number_line(doc(number="05")) == "Số: 05/BC-TCĐCNSCĐ"
    assert number_line(doc()) == f"Số: {BLANK}/BC-TCĐCNSCĐ"
    assert attached_to(doc(number="05", issued_on=dt.date(2023, 8, 8))) == (
        "(Kèm theo Báo cáo số 05/BC-TCĐCNSCĐ ngày 08/8/2023 của Tổ chỉ đạo triển "
        "khai công nghệ số cộng đồng tỉnh Hải Dương)"
    )


def test_recipients_end_with_semicolons_and_a_full_stop() -> None:
    text = "- Bộ TTTT (b/c);\nUBND tỉnh (b/c)\n\n  - Lưu: VT, BCVTCNTT.  "
    assert recipients(doc(recipients=text)) == [
        "- Bộ TTTT (b/c);",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT, BCVTCNTT.",
    ]


def test_free_text_keeps_lines_and_bullets() -> None:
    blocks = free_text("Mưa dầm thấm lâu.\n\n- Đi từng ngõ;\n+ gõ từng nhà")
    assert [(b.kind, b.text) for b in blocks] == [
        ("para", "Mưa dầm thấm lâu."),
        ("bullet", "- Đi từng ngõ;"),
        ("bullet", "+ gõ từng nhà"),
    ]


def test_logged_guidance_is_set_beside_the_reported_figure() -> None:
    from types import SimpleNamespace

    from cnscd.indicators.models import Indicator
    from cnscd.reports.narrative import _logged_share
    from cnscd.reports.selectors import Figure

    def content(reported: D | None, logged: D | None) -> object:
        return SimpleNamespace(
            figures=[
                Figure(Indicator(code="citizens_guided"), reported, None),
                Figure(Indicator(code="activity_people_guided"), logged, None),
            ]
        )

    assert _logged_share(content(D(1200), D(300))) == [  # type: ignore[arg-type]
        "Nhật ký hoạt động của các Tổ CNSCĐ ghi 300 lượt người dân được hướng dẫn, "
        "bằng 25% số người dân được hướng dẫn đã báo cáo (1.200)."
    ]
    assert _logged_share(content(D(316105), D(794)))[0].endswith(  # type: ignore[arg-type]
        "bằng 0,3% số người dân được hướng dẫn đã báo cáo (316.105)."
    )
    assert _logged_share(content(None, D(794))) == []  # type: ignore[arg-type]
    assert _logged_share(content(D(0), D(794))) == []  # type: ignore[arg-type]
    assert _logged_share(content(D(1200), None)) == []  # type: ignore[arg-type]


def test_a_unit_without_figures_is_not_said_to_have_held_no_session(
    reported, province_officer
) -> None:
    """Blank is not zero (issue #14, item 2): commune B reported 0 sessions,
    commune A nothing at all; only B "held no session", A "has no figures"."""

    tree = reported
    DataValue.objects.filter(unit=tree.b, indicator__code="training_sessions").update(
        value=0
    )
    sessions = DataValue.objects.get(unit=tree.a, indicator__code="training_sessions")
    # Removing A's figure through the service keeps the roll-ups right.
    services.values_store(
        actor=province_officer,
        report=sessions.report,
        period=parse_period("202306"),
        values=[services.ValueInput(sessions.indicator, None)],
    )
    rebuild(fix=True)
    content = report_content(
        actor=province_officer, unit=tree.p, period=parse_period("202306")
    )
    text = "\n".join(b.text for s in sections(content) for b in s.blocks)
    assert (
        "1/2 xã, phường, thị trấn chưa tổ chức buổi hội nghị, tập huấn nào: Xã Bình Minh."
        in text
    )
    assert (
        "1/2 xã, phường, thị trấn chưa có số liệu về buổi hội nghị, tập huấn: Xã Thanh Miện."
        in text
    )
