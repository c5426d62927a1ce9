"""Vietnamese text helpers: NFC storage and accent-free search keys."""

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    """Return `value` in NFC with runs of white space collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def lower_first(text: str) -> str:
    """ "Số lượng tài khoản DVCTT" → "số lượng tài khoản DVCTT" (acronyms kept)."""
    return text[:1].lower() + text[1:]


def search_key(value: str) -> str:
    """Return the stored search form: NFC, case-folded, without diacritics.

    "THANH MIỆN", "Thanh Miện" and "thanh mien" all give "thanh mien"; NFD input
    gives the same key as NFC input.
    """
    decomposed = unicodedata.normalize("NFD", nfc(value).translate(_D_MAP))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()
