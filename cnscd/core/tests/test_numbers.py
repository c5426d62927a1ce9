from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.core.formatting import format_number
from cnscd.core.numbers import MAX_FIGURE, NumberError, parse_vn_number


@pytest.mark.parametrize(
    ("raw", "integer", "expected"),
    [
        ("56.733", True, 56733),
        ("56733", True, 56733),
        (52779.0, True, 52779),
        ("1.038", True, 1038),
        ("1,025", True, 1025),
        ("1.025,5", False, Decimal("1025.5")),
        ("89,5", False, Decimal("89.5")),
        ("89%", False, 89),
        (" 316 105 ", True, 316105),
        ("1.234.567", True, 1234567),
        ("", True, None),
        ("-", True, None),
        ("x", True, None),
        (None, True, None),
        ("0", True, 0),
    ],
)
def test_vietnamese_numbers(raw: object, integer: bool, expected: object) -> None:
    value = parse_vn_number(raw, integer=integer)
    assert value == (None if expected is None else Decimal(str(expected)))


@pytest.mark.parametrize("raw", ["abc", "12a", "-5", "1.5", "3,7", True])
def test_non_numbers_for_counts_are_refused(raw: object) -> None:
    with pytest.raises(NumberError):
        parse_vn_number(raw, integer=True)


@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_counts_read_back(n: int) -> None:
    assert parse_vn_number(format_number(n)) == n


# --- hostile figures (issue #13, item 2) ---------------------------------------

HOSTILE = [
    "1e400",
    "1E5",
    "Infinity",
    "-Infinity",
    "inf",
    "NaN",
    "nan",
    "sNaN",
    "99999999999999999",
    "10^20",
    "1.000.000.000.001",
    float("inf"),
    float("nan"),
    Decimal("Infinity"),
    Decimal("NaN"),
    10**17,
    "٣",  # an Arabic-Indic digit: Decimal reads it, an officer never types it
]


@pytest.mark.parametrize("raw", HOSTILE, ids=repr)
def test_non_finite_or_huge_figures_are_refused(raw: object) -> None:
    with pytest.raises(NumberError):
        parse_vn_number(raw, integer=True)
    with pytest.raises(NumberError):
        parse_vn_number(raw, integer=False)


def test_an_indicator_maximum_is_enforced_with_a_vietnamese_message() -> None:
    with pytest.raises(NumberError) as exc:
        parse_vn_number("200.000.001", maximum=Decimal(200_000_000))
    assert str(exc.value) == "“200.000.001” lớn hơn mức tối đa cho phép (200.000.000)."
    assert parse_vn_number("200.000.000", maximum=Decimal(200_000_000)) == 200_000_000


@given(
    st.one_of(
        st.text(max_size=30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.decimals(allow_nan=True, allow_infinity=True),
    )
)
def test_any_input_is_a_bounded_finite_figure_none_or_a_number_error(
    raw: object,
) -> None:
    for integer in (True, False):
        try:
            value = parse_vn_number(raw, integer=integer)
        except NumberError:
            continue
        assert value is None or (value.is_finite() and 0 <= value <= MAX_FIGURE)
