"""Numbers and dates written the Vietnamese way: 316.105; 89,5%; 08/8/2023."""

import datetime as dt
from decimal import Decimal

Number = int | float | Decimal


def format_number(value: Number | None, decimals: int | None = None) -> str:
    """Group thousands with "." and use "," for decimals; None gives ""."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if value == int(value) else 1
    text = f"{value:,.{decimals}f}"  # 1,234,567.5
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_decimal(value: Number | None, max_decimals: int = 2) -> str:
    """Up to `max_decimals` decimals, trailing zeros dropped: 8.75 → "8,75",
    7.50 → "7,5", 15.00 → "15", 1234.5 → "1.234,5"."""
    if value is None:
        return ""
    text = format_number(value, max_decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def format_percent(value: Number | None, decimals: int = 1) -> str:
    """89.5 → "89,5%"; a whole number prints without decimals (89 → "89%")."""
    if value is None:
        return ""
    if value == int(value):
        decimals = 0
    return f"{format_number(value, decimals)}%"


def format_date(value: dt.date | None) -> str:
    """08/8/2023: the day with two digits, the month without a leading zero."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month}/{value.year}"


DATE_INPUTS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_date(text: str) -> dt.date | None:
    """A day written 30/6/2025 (as people write it) or 2025-06-30 (as date
    inputs send it); None when it is neither."""
    for fmt in DATE_INPUTS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    return None


# Names listed in a sentence before "và N đơn vị khác".
NAMES_SHOWN = 15


def name_list(names: list[str], shown: int = NAMES_SHOWN) -> str:
    """ "Gia Lộc, Tứ Kỳ" — or the first `shown` names "và 1.020 đơn vị khác"."""
    text = ", ".join(names[:shown])
    rest = len(names) - shown
    return f"{text} và {format_number(rest)} đơn vị khác" if rest > 0 else text
