import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.core.periods import PeriodError, containing_spans, parse_period


@pytest.mark.parametrize(
    ("code", "months", "label"),
    [
        ("2023", [f"2023{m:02d}" for m in range(1, 13)], "Năm 2023"),
        (
            "2023S1",
            ["202301", "202302", "202303", "202304", "202305", "202306"],
            "6 tháng đầu năm 2023",
        ),
        (
            "2023S2",
            ["202307", "202308", "202309", "202310", "202311", "202312"],
            "6 tháng cuối năm 2023",
        ),
        ("2023Q2", ["202304", "202305", "202306"], "Quý II/2023"),
        ("202306", ["202306"], "Tháng 6/2023"),
        ("2023W27", ["202307"], "Tuần 27/2023"),
        (
            "202308-202312",
            ["202308", "202309", "202310", "202311", "202312"],
            "Từ tháng 8/2023 đến tháng 12/2023",
        ),
        (
            "202311-202402",
            ["202311", "202312", "202401", "202402"],
            "Từ tháng 11/2023 đến tháng 2/2024",
        ),
    ],
)
def test_periods_map_to_months_and_labels(
    code: str, months: list[str], label: str
) -> None:
    p = parse_period(code)
    assert p.months() == months and p.label == label


def test_containing_periods() -> None:
    assert [p.code for p in parse_period("202305").containing()] == [
        "2023Q2",
        "2023S1",
        "2023",
    ]
    assert [p.code for p in parse_period("2023Q2").containing()] == ["2023S1", "2023"]
    assert [p.code for p in parse_period("2023S1").containing()] == ["2023"]
    assert [p.code for p in parse_period("2023W27").containing()] == [
        "202307",
        "2023Q3",
        "2023S2",
        "2023",
    ]
    assert parse_period("2023").contains(parse_period("2023W27"))
    assert not parse_period("2023Q2").contains(parse_period("2023S1"))


def test_week_edges_follow_iso_thursday() -> None:
    w = parse_period("2020W53")
    assert (w.start, w.end, w.months()) == (
        dt.date(2020, 12, 28),
        dt.date(2021, 1, 3),
        ["202012"],
    )
    first = parse_period("2021W01")
    assert first.start == dt.date(2021, 1, 4)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "2023S3",
        "2023Q5",
        "202313",
        "2023W54",
        "2021W53",
        "202312-202301",
        "23S1",
        "abc",
    ],
)
def test_bad_periods_are_refused_in_vietnamese(code: str) -> None:
    with pytest.raises(PeriodError, match="không"):
        parse_period(code)


def test_lowercase_and_spaces_are_accepted() -> None:
    assert parse_period(" 2023s1 ").code == "2023S1"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (202301, 202301, [(202301, 202303), (202301, 202306), (202301, 202312)]),
        (202306, 202306, [(202304, 202306), (202301, 202306), (202301, 202312)]),
        (202307, 202309, [(202307, 202312), (202301, 202312)]),  # a quarter
        (202301, 202306, [(202301, 202312)]),  # a half-year
        (202303, 202304, [(202301, 202306), (202301, 202312)]),  # across quarters
        (202306, 202307, [(202301, 202312)]),  # across halves
        (202301, 202312, []),  # the year itself
        (202312, 202401, []),  # across years: no standard period holds it
    ],
)
def test_containing_spans(
    first: int, last: int, expected: list[tuple[int, int]]
) -> None:
    assert containing_spans(first, last) == expected


def test_containing_spans_agree_with_periods() -> None:
    """Every standard period holding a month span is listed, and nothing else."""
    standard = [
        parse_period(c)
        for y in (2023,)
        for c in [str(y), f"{y}S1", f"{y}S2"]
        + [f"{y}Q{q}" for q in range(1, 5)]
        + [f"{y}{m:02d}" for m in range(1, 13)]
    ]
    for first in range(202301, 202313):
        for last in range(first, 202313):
            spans = {
                (p.first_month, p.last_month)
                for p in standard
                if p.first_month <= first
                and last <= p.last_month
                and (p.first_month, p.last_month) != (first, last)
                and p.kind != "monthly"
            }
            assert set(containing_spans(first, last)) == spans


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2023", "2022"),
        ("2023S1", "2022S2"),
        ("2023S2", "2023S1"),
        ("2023Q1", "2022Q4"),
        ("2023Q3", "2023Q2"),
        ("202301", "202212"),
        ("202306", "202305"),
        ("202308-202312", "202303-202307"),
        ("2023W27", "2023W26"),
        ("2023W01", "2022W52"),
    ],
)
def test_previous_period(code: str, expected: str) -> None:
    assert parse_period(code).previous().code == expected


PERIOD_SHAPED = st.from_regex(
    r"[0-9]{4}(S[0-9]|Q[0-9]|W[0-9]{2}|[0-9]{2}(-[0-9]{6})?)?", fullmatch=True
)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20) | PERIOD_SHAPED)
def test_parse_period_refuses_garbage_with_a_period_error_only(raw: str) -> None:
    try:
        period = parse_period(raw)
    except PeriodError as exc:
        assert "không" in str(exc)
    else:
        assert period.start <= period.end


@pytest.mark.parametrize(
    "code",
    ["0000", "9999S2", "9999W52", "000112-999912", "２０２３", "٢٠٢٣Q1", "2023Q2\x00"],
)
def test_periods_the_calendar_cannot_hold_are_period_errors(code: str) -> None:
    with pytest.raises(PeriodError, match="không hợp lệ"):
        parse_period(code)
