from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.core.formatting import format_number
from cnscd.core.numbers import NumberError, parse_vn_number


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
