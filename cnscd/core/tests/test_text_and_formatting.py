import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.core.formatting import format_date, format_number, format_percent
from cnscd.core.text import nfc, search_key


@pytest.mark.parametrize(
    "text", ["Thanh Miện", "THANH MIỆN", "thanh mien", "  Thanh   Miện "]
)
def test_search_key_ignores_case_spacing_and_diacritics(text: str) -> None:
    assert search_key(text) == "thanh mien"


def test_search_key_is_the_same_for_nfc_and_nfd_input() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Đình Chiểu")
    assert nfd != "Nguyễn Đình Chiểu"
    assert search_key(nfd) == search_key("Nguyễn Đình Chiểu") == "nguyen dinh chieu"


def test_nfc_composes_and_collapses_spaces() -> None:
    assert nfc(unicodedata.normalize("NFD", " Thôn  Đông ")) == "Thôn Đông"


@given(st.text())
def test_search_key_is_idempotent(text: str) -> None:
    assert search_key(search_key(text)) == search_key(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (316105, "316.105"),
        (5019, "5.019"),
        (522, "522"),
        (0, "0"),
        (1234567, "1.234.567"),
        (1025.5, "1.025,5"),
        (Decimal("89.5"), "89,5"),
        (None, ""),
        (-2500, "-2.500"),
    ],
)
def test_format_number_vietnamese(value: object, expected: str) -> None:
    assert format_number(value) == expected  # type: ignore[arg-type]


def test_format_percent_and_date() -> None:
    assert format_percent(89.5) == "89,5%"
    assert format_percent(89) == "89%"
    assert format_date(dt.date(2023, 8, 8)) == "08/8/2023"
    assert format_date(dt.date(2023, 12, 21)) == "21/12/2023"


def test_template_filters_and_django_grouping(settings: object) -> None:
    from django.template import engines

    t = engines["django"].from_string(
        "{{ a|so }} {{ b|phantram }} {{ d|ngay }} {{ a }}"
    )
    out = t.render({"a": 316105, "b": 89.5, "d": dt.date(2023, 8, 8)})
    assert out == "316.105 89,5% 08/8/2023 316.105"


def test_format_decimal_drops_trailing_zeros_only() -> None:
    from decimal import Decimal

    from cnscd.core.formatting import format_decimal

    assert format_decimal(Decimal("8.75")) == "8,75"
    assert format_decimal(Decimal("7.50")) == "7,5"
    assert format_decimal(Decimal("15.00")) == "15"
    assert format_decimal(Decimal("1234.5")) == "1.234,5"
    assert format_decimal(Decimal("100")) == "100"
    assert format_decimal(None) == ""


def test_name_list_counts_the_rest_the_vietnamese_way() -> None:
    from cnscd.core.formatting import name_list, parse_date

    assert name_list(["Gia Lộc", "Tứ Kỳ"]) == "Gia Lộc, Tứ Kỳ"
    assert name_list([]) == ""
    names = [f"Xã {i}" for i in range(1, 1036)]
    assert name_list(names) == ", ".join(names[:15]) + " và 1.020 đơn vị khác"
    assert name_list(names[:16], shown=15).endswith("Xã 15 và 1 đơn vị khác")
    assert parse_date("8/8/2023") == dt.date(2023, 8, 8)
    assert parse_date("2023-08-08") == dt.date(2023, 8, 8)
    assert parse_date("32/7/2023") is None and parse_date("hôm qua") is None


def test_old_and_new_tone_placement_give_one_key() -> None:
    from cnscd.core.text import tone_key

    assert tone_key("Thuỵ") == tone_key("Thụy")
    assert tone_key("Hoà Bình") == tone_key("HÒA BÌNH")
    assert tone_key("Khoẻ") == tone_key("Khỏe")
    # A different tone or letter is a different name.
    assert tone_key("Thúy") != tone_key("Thụy")
    assert tone_key("Cẩm Giang") != tone_key("Cẩm Giàng")
