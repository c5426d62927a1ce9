"""Names lose control and format characters (bidi overrides, zero-width
characters) and are refused when nothing visible is left."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cnscd.core.text import nfc, required_name
from cnscd.core.uploads import upload_name


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("abc\u202egnp.exe", "abcgnp.exe"),  # right-to-left override
        ("Nguyễn\u200b Văn\u200d An", "Nguyễn Văn An"),  # zero-width space, joiner
        ("\ufeffThôn Đông\u2066\u2069", "Thôn Đông"),  # byte-order mark, isolates
        ("Tổ\u202a CNSCĐ\u202c", "Tổ CNSCĐ"),  # embedding, pop
        ("Lê\x00 Văn\x1b[31m B", "Lê Văn[31m B"),  # NUL, ANSI escape
        ("Trần\tThị\nHoa", "Trần Thị Hoa"),  # tab and new line are spaces
        ("a\u200b\u0301", "á"),  # composed once the zero-width space is gone
        ("x\ud800y", "xy"),  # a lone surrogate cannot be stored
    ],
)
def test_names_lose_control_and_format_characters(raw: str, stored: str) -> None:
    assert nfc(raw) == stored


@given(st.text())
def test_a_stored_name_has_no_invisible_character_and_is_stable(text: str) -> None:
    name = nfc(text)
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Cs"} for c in name)
    assert unicodedata.is_normalized("NFC", name)
    assert nfc(name) == name


@pytest.mark.parametrize("raw", ["", "   ", "\u200b", "\u202e\u202c", "\x00\t"])
def test_a_name_of_nothing_visible_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        required_name(raw, label="Họ và tên")
    assert info.value.messages == ["Họ và tên không được để trống."]


def test_uploaded_file_names_are_cleaned_and_cut() -> None:
    assert upload_name("bien-ban\u202efdp.pdf") == "bien-banfdp.pdf"
    assert upload_name("a" * 300 + ".pdf") == "a" * 200
