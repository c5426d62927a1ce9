"""Reading numbers the way Vietnamese officers write them.

"56.733", "56733", "1.025,5", "1,025" (a thousands comma in a count), "89,5",
blank, "-" and "x" (no figure). Blank and "-"/"x" give None: missing, not zero.
"""

import re
from decimal import Decimal, InvalidOperation

NO_FIGURE = {"", "-", "–", "—", "x", "X", "…", "..."}
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def plain(value: Decimal | None) -> int | float | None:
    """A stored figure as JSON and spreadsheets want it: 316105, 89.5 or None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class NumberError(ValueError):
    """Not a number; the message says what was read."""


def parse_vn_number(raw: object, *, integer: bool = True) -> Decimal | None:
    """Parse a cell or a form field; None for no figure; NumberError otherwise.

    With `integer`, a comma or dot followed by groups of exactly three digits is
    a thousands separator ("1,025" → 1025); for decimals a lone comma is the
    decimal mark ("89,5" → 89.5)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError("Giá trị Có/Không không phải là số.")
    if isinstance(raw, (int, float, Decimal)):
        value = Decimal(str(raw))
    else:
        text = _SPACES.sub("", str(raw))
        if text in NO_FIGURE:
            return None
        text = text.rstrip("%")
        value = _parse_text(text, integer=integer, raw=str(raw))
    if value < 0:
        raise NumberError(f"Số âm “{str(raw).strip()[:20]}” không hợp lệ.")
    if integer and value != value.to_integral_value():
        raise NumberError(f"“{str(raw).strip()[:20]}” phải là số nguyên.")
    return value.normalize() if integer else value


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
