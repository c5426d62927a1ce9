"""Vietnamese text helpers: NFC storage and accent-free search keys."""

import unicodedata

from django.core.exceptions import ValidationError

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})
# Control (Cc), format (Cf: zero-width characters, bidi embeddings, overrides
# and isolates, the byte-order mark) and lone surrogates (Cs, which cannot be
# stored as UTF-8). White space among the controls (tab, new line) is kept
# here and collapsed below.
_INVISIBLE = {"Cc", "Cf", "Cs"}


def nfc(value: str) -> str:
    r"""Return `value` as names are stored: without control or format characters,
    in NFC, with runs of white space collapsed to one space.

    "abc\u202egnp.exe" gives "abcgnp.exe": a name cannot be made to read
    backwards, nor two names to look alike while differing by a zero-width
    character. Characters are removed before composing, so "a", a zero-width
    space and a combining accent still compose to one letter.
    """
    if not value.isprintable():  # fast path: most names have nothing to remove
        value = "".join(
            c for c in value if c.isspace() or unicodedata.category(c) not in _INVISIBLE
        )
    return " ".join(unicodedata.normalize("NFC", value).split())


def required_name(value: str, *, label: str) -> str:
    """`nfc(value)`, refused when nothing visible is left (blank, or only
    invisible characters): "<label> không được để trống."."""
    name = nfc(value or "")
    if not name:
        raise ValidationError(f"{label} không được để trống.")
    return name


def lower_first(text: str) -> str:
    """ "Số lượng tài khoản DVCTT" → "số lượng tài khoản DVCTT" (acronyms kept)."""
    return text[:1].lower() + text[1:]


# The five tone marks (grave, acute, tilde, hook above, dot below); the marks
# that make a letter (â, ă, ê, ô, ơ, ư) are not tones and stay in place.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def tone_key(value: str) -> str:
    """Case-folded words with their accents, where each syllable's tone is
    moved to its end: the old and new placements of a tone mark give one key
    ("Thuỵ" = "Thụy", "Hoà" = "Hòa"), while names that differ by a tone or a
    letter mark stay apart ("Cẩm Giang" ≠ "Cẩm Giàng")."""
    words = []
    for word in nfc(value).casefold().split():
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = "".join(c for c in decomposed if c not in _TONES)
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)


def search_key(value: str) -> str:
    """Return the stored search form: NFC, case-folded, without diacritics.

    "THANH MIỆN", "Thanh Miện" and "thanh mien" all give "thanh mien"; NFD input
    gives the same key as NFC input.
    """
    decomposed = unicodedata.normalize("NFD", nfc(value).translate(_D_MAP))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()
