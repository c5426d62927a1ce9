"""Reading numbers the way Vietnamese officers write them.

"56.733", "56733", "1.025,5", "1,025" (a thousands comma in a count), "89,5",
blank, "-" and "x" (no figure). Blank and "-"/"x" give None: missing, not zero.

Every figure a person or a file gives goes through `parse_vn_number`, which
refuses what is not a finite number within bounds ("1e400", "Infinity",
"NaN", "10^20", 10**17): one such value would break every page above it.
"""

import re
from decimal import Decimal, InvalidOperation

from cnscd.core.formatting import format_number

NO_FIGURE = {"", "-", "–", "—", "x", "X", "…", "..."}
_SPACES = re.compile(r"[\s\u00a0\u202f]")
# Digits with "." or "," between them, an optional sign: no exponent, no words.
_NUMERAL = re.compile(r"[+-]?[0-9][0-9.,]*")
# The largest figure any unit may hold for any indicator (an indicator may
# declare a lower one). The database refuses anything above it as well
# (check constraints on values, targets and roll-ups).
MAX_FIGURE = Decimal(10**12)


def plain(value: Decimal | None) -> int | float | None:
    """A stored figure as JSON and spreadsheets want it: 316105, 89.5 or None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class NumberError(ValueError):
    """Not a number; the message says what was read."""


def parse_vn_number(
    raw: object, *, integer: bool = True, maximum: Decimal | None = None
) -> Decimal | None:
    """Parse a cell or a form field; None for no figure; NumberError otherwise.

    With `integer`, a comma or dot followed by groups of exactly three digits is
    a thousands separator ("1,025" → 1025); for decimals a lone comma is the
    decimal mark ("89,5" → 89.5). The value must be finite, not negative and at
    most `maximum` (the indicator's, else MAX_FIGURE)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError("Giá trị Có/Không không phải là số.")
    if isinstance(raw, (int, float, Decimal)):
        value = Decimal(str(raw))
        if not value.is_finite():
            raise NumberError(f"“{str(raw)[:20]}” không phải là một con số.")
    else:
        text = _SPACES.sub("", str(raw))
        if text in NO_FIGURE:
            return None
        text = text.rstrip("%")
        if not _NUMERAL.fullmatch(text):
            raise NumberError(f"Không đọc được số “{str(raw).strip()[:20]}”.")
        value = _parse_text(text, integer=integer, raw=str(raw))
    check_figure(value, maximum, raw=str(raw).strip()[:20])
    if integer and value != value.to_integral_value():
        raise NumberError(f"“{str(raw).strip()[:20]}” phải là số nguyên.")
    return value.normalize() if integer else value


def check_figure(value: Decimal, maximum: Decimal | None = None, *, raw: str) -> None:
    """Refuse a non-finite, negative or too large figure (NumberError). Write
    services call it too, whatever the form or file did."""
    limit = MAX_FIGURE if maximum is None else min(maximum, MAX_FIGURE)
    if not value.is_finite():
        raise NumberError(f"“{raw}” không phải là một con số.")
    if value < 0:
        raise NumberError(f"Số âm “{raw}” không hợp lệ.")
    if value > limit:
        raise NumberError(
            f"“{raw}” lớn hơn mức tối đa cho phép ({format_number(limit)})."
        )


def _grouped(parts: list[str]) -> bool:
    return (
        len(parts) > 1
        and 1 <= len(parts[0]) <= 3
        and all(len(p) == 3 for p in parts[1:])
    )


def _parse_text(text: str, *, integer: bool, raw: str) -> Decimal:
    try:
        if "." in text and "," in text:
            if text.rfind(",") > text.rfind("."):  # 1.025,5
                return Decimal(text.replace(".", "").replace(",", "."))
            return Decimal(text.replace(",", ""))  # 1,025.5
        if "." in text:
            parts = text.split(".")
            return Decimal("".join(parts)) if _grouped(parts) else Decimal(text)
        if "," in text:
            parts = text.split(",")
            if _grouped(parts) and (integer or len(parts) > 2):
                return Decimal("".join(parts))
            return Decimal(text.replace(",", "."))
        return Decimal(text)
    except InvalidOperation as exc:
        raise NumberError(f"Không đọc được số “{raw.strip()[:20]}”.") from exc
