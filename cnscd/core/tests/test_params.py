"""The one parser of query parameters and ids (issue #13, item 7): what it
accepts, and that anything else is a 400 or a 404, never an exception of
another kind."""

import datetime as dt

import pytest
from django.core.exceptions import BadRequest
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from hypothesis import given, settings
from hypothesis import strategies as st

from cnscd.core.params import (
    FIRST_DAY,
    LAST_DAY,
    MAX_ID,
    IdConverter,
    clean_text,
    id_or_404,
    parse_date_param,
    parse_day,
    parse_id,
    parse_id_param,
    parse_page_number,
    parse_page_size,
    parse_period_param,
    parse_positive_int,
)

HOSTILE = [
    "5453459132502313882281001877504",
    "9223372036854775808",
    "-3576699",
    "1e400",
    "NaN",
    "inf",
    "0651-09-18",
    "9999-99-99",
    "",
    " ",
    "١٢٣",  # Arabic-Indic digits: int() would take them
    "１２",  # full-width digits
    "12\x00",
    "0x1F",
    "1_000",
    "+5",
    "9" * 5000,
]
ALL_TEXT = st.text(
    alphabet=st.characters(codec="utf-8"), max_size=40
) | st.sampled_from(HOSTILE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        ("007", 7),
        (str(MAX_ID), MAX_ID),
        ("0" * 30 + "5", 5),
        (17, 17),
        (MAX_ID, MAX_ID),
        (str(MAX_ID + 1), None),
        (MAX_ID + 1, None),
        ("0", None),
        (0, None),
        (-1, None),
        (True, None),
        (None, None),
        (3.0, None),
        *[(raw, None) for raw in HOSTILE],
    ],
)
def test_ids_are_ascii_digits_from_1_to_2_63_minus_1(
    raw: object, expected: int | None
) -> None:
    assert parse_id(raw) == expected


@given(st.integers())
def test_every_integer_is_an_id_exactly_when_it_fits(n: int) -> None:
    fits = 1 <= n <= MAX_ID
    assert parse_id(n) == (n if fits else None)
    assert parse_id(str(n)) == (n if fits else None)


@given(ALL_TEXT)
def test_an_id_or_a_404_and_nothing_else(raw: str) -> None:
    try:
        pk = id_or_404(raw)
    except Http404:
        assert parse_id(raw) is None
    else:
        assert 1 <= pk <= MAX_ID and str(pk) == raw.strip().lstrip("0")


def test_the_id_converter_refuses_what_no_row_can_have() -> None:
    converter = IdConverter()
    assert converter.to_python("9223372036854775807") == MAX_ID
    for raw in ("9223372036854775808", "0", "1" * 30):
        with pytest.raises(ValueError, match=raw):
            converter.to_python(raw)
    assert resolve("/api/v1/reports/9223372036854775807/").kwargs == {"pk": MAX_ID}
    assert resolve("/teams/12/").kwargs == resolve("/public/12/").kwargs == {"pk": 12}
    for path in (
        "/api/v1/reports/9223372036854775808/",
        "/public/00000000000000000000000/",
        "/teams/12345678901234567890/",
    ):
        with pytest.raises(Resolver404):
            resolve(path)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("30/6/2025", dt.date(2025, 6, 30)),
        ("01/01/2000", FIRST_DAY),
        ("2025-06-30", dt.date(2025, 6, 30)),
        ("2100-12-31", LAST_DAY),
        (" 8/8/2023 ", dt.date(2023, 8, 8)),
    ],
)
def test_days_are_read_as_people_and_date_inputs_write_them(
    raw: str, expected: dt.date
) -> None:
    assert parse_day(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0651-09-18", "nằm ngoài khoảng cho phép (01/1/2000 – 31/12/2100)"),
        ("31/12/1999", "nằm ngoài khoảng cho phép"),
        ("2101-01-01", "nằm ngoài khoảng cho phép"),
        ("9999-99-99", "không có ngày này trên lịch"),
        ("30/02/2025", "không có ngày này trên lịch"),
        ("2025-6-30", "dùng dạng ngày/tháng/năm"),
        ("٣٠/٦/٢٠٢٥", "dùng dạng ngày/tháng/năm"),
        ("30-06-2025", "dùng dạng ngày/tháng/năm"),
        ("2025-06-30T00:00", "dùng dạng ngày/tháng/năm"),
    ],
)
def test_bad_days_are_refused_in_vietnamese(raw: str, message: str) -> None:
    with pytest.raises(BadRequest, match=r"^Ngày “.*” ") as refused:
        parse_day(raw)
    assert message in str(refused.value)


@given(st.dates())
def test_every_day_in_range_reads_back_in_both_notations(day: dt.date) -> None:
    written = (f"{day.day}/{day.month}/{day.year:04d}", day.isoformat())
    for text in written:
        if FIRST_DAY <= day <= LAST_DAY:
            assert parse_day(text) == day
        else:
            with pytest.raises(BadRequest):
                parse_day(text)


@given(ALL_TEXT)
def test_a_day_or_a_400_and_nothing_else(raw: str) -> None:
    try:
        day = parse_day(raw)
    except BadRequest as exc:
        assert str(exc).startswith("Ngày “")
    else:
        assert FIRST_DAY <= day <= LAST_DAY


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1999", "nằm ngoài các năm 2000–2100"),
        ("2101S1", "nằm ngoài các năm 2000–2100"),
        ("0001Q1", "nằm ngoài các năm 2000–2100"),
        ("abc", "không hợp lệ: dùng 2023"),
    ],
)
def test_period_parameters_stay_within_the_years_of_days(
    raw: str, message: str
) -> None:
    with pytest.raises(BadRequest, match=message):
        parse_period_param(raw)
    assert parse_period_param("", "202306").code == "202306"
    assert parse_period_param(" 2100s2 ").code == "2100S2"


@given(ALL_TEXT)
def test_a_period_parameter_or_a_400_and_nothing_else(raw: str) -> None:
    try:
        period = parse_period_param(raw)
    except BadRequest:
        pass
    else:
        assert FIRST_DAY <= period.start <= period.end <= LAST_DAY


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1), ("100", 100), ("101", 100), ("9" * 40, 100), ("050", 50)],
)
def test_page_sizes_are_capped(raw: str, expected: int) -> None:
    assert parse_page_size(raw, maximum=100) == expected


@pytest.mark.parametrize("raw", ["0", "-3576699", "1e400", "NaN", "ten", "00", "１２"])
def test_bad_page_sizes_are_400(raw: str) -> None:
    with pytest.raises(BadRequest, match=r"Số dòng mỗi trang .* từ 1 đến 100"):
        parse_page_size(raw, maximum=100)


@given(ALL_TEXT)
def test_a_page_size_or_a_400(raw: str) -> None:
    try:
        size = parse_page_size(raw, maximum=100)
    except BadRequest:
        pass
    else:
        assert 1 <= size <= 100


@given(ALL_TEXT)
def test_a_page_number_or_a_400(raw: str) -> None:
    try:
        number = parse_page_number(raw)
    except BadRequest as exc:
        assert str(exc).startswith("Trang không hợp lệ")
    else:
        assert number == "last" or 1 <= number <= MAX_ID


@given(st.integers(min_value=1, max_value=10**6), st.integers())
def test_positive_ints_respect_their_maximum(maximum: int, n: int) -> None:
    assert parse_positive_int(str(n), maximum=maximum) == (
        n if 1 <= n <= maximum else None
    )


def test_text_parameters_lose_control_characters_and_length() -> None:
    assert clean_text("  Thanh\x00 Miện\n ") == "Thanh Miện"
    assert clean_text("x" * 500) == "x" * 100


@settings(max_examples=50)
@given(ALL_TEXT)
def test_query_string_helpers_answer_400_or_a_value(raw: str) -> None:
    request = RequestFactory().get("/", {"on": raw, "parent": raw})
    for read in (parse_date_param, parse_id_param):
        try:
            read(request, "on" if read is parse_date_param else "parent")
        except BadRequest as exc:
            assert "“" in str(exc)
