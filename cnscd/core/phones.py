"""Vietnamese phone numbers: one stored form (national, digits only).

"0912 345 678", "+84912345678", "84-912-345-678" and "(+84) 912.345.678" all
become "0912345678". Mobile numbers have 10 digits (03, 05, 07, 08, 09);
landlines 11 (02 + area code). Anything else is rejected.
"""

import re

_SEPARATORS = re.compile(r"[\s.\-()/]")
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")


class PhoneError(ValueError):
    """The text is not a Vietnamese phone number; the message says why."""


def normalize_phone(raw: str) -> str:
    """Return the stored form, "" for blank input; PhoneError if impossible."""
    text = _SEPARATORS.sub("", (raw or "").strip())
    if not text:
        return ""
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("0084"):
        text = "0" + text[4:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    elif not text.startswith("0") and len(text) == 9 and text[0] in "35789":
        text = "0" + text  # Excel dropped the leading zero
    if not text.isdigit():
        raise PhoneError(f"Số điện thoại “{raw.strip()[:30]}” có ký tự không hợp lệ.")
    if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text):
        return text
    raise PhoneError(
        f"Số điện thoại “{raw.strip()[:30]}” không hợp lệ (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09)."
    )


def format_phone(value: str) -> str:
    """0912345678 → "0912 345 678" for display."""
    if len(value) == 10:
        return f"{value[:4]} {value[4:7]} {value[7:]}"
    return value


def mask_phone(value: str) -> str:
    """0912345678 → "0912 *** 678" (exports for viewers)."""
    if not value:
        return ""
    return f"{value[:4]} *** {value[-3:]}"
