"""Everything read from the address — query parameters and ids in the path —
is parsed here, so that no input reaches the database as a value it cannot
hold (SQLite and PostgreSQL keep integers in 64 bits) and every refusal is
worded once, in Vietnamese.

- A malformed parameter is a bad request: `ParameterError`, a `BadRequest`
  (400; a page saying what was wrong on the site, `{"detail": …}` on the API).
- An id that cannot name a row (not ASCII digits, 0, beyond 2**63 - 1) is
  treated like a row out of scope: `Http404`, existence hidden.

The rules: ids 1…2**63 - 1 written in ASCII digits; days 1/1/2000…31/12/2100,
written 30/6/2025 or 2025-06-30; periods in DHIS2 notation inside those years;
page numbers 1…2**63 - 1 (or "last"), page sizes 1…the maximum (larger ones
are capped, SECURITY I4); free text at most 100 characters, control
characters dropped.
"""

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest

from cnscd.core.formatting import format_date
from cnscd.core.periods import PeriodError, current_period, parse_period

if TYPE_CHECKING:
    from cnscd.core.periods import Period

MAX_ID = 2**63 - 1  # a signed 64-bit column: SQLite's INTEGER, PostgreSQL's bigint
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
MAX_TEXT = 100

_DIGITS = re.compile(r"[0-9]+")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_VN_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


class ParameterError(BadRequest):
    """A query parameter that cannot be read; the message says why, in Vietnamese."""


def _quoted(raw: str) -> str:
    """The start of a refused value, safe to repeat in a message."""
    return clean_text(raw, max_length=20)


def clean_text(raw: str, *, max_length: int = MAX_TEXT) -> str:
    """`raw` stripped, without control characters (PostgreSQL refuses NUL),
    cut to `max_length` characters."""
    kept = "".join(c for c in raw if unicodedata.category(c) != "Cc")
    return kept.strip()[:max_length]


def parse_positive_int(raw: object, *, maximum: int = MAX_ID) -> int | None:
    """`raw` (an int, or ASCII digits) as an int in 1…maximum; None otherwise."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(text := raw.strip()):
        significant = text.lstrip("0")
        if len(significant) > len(str(maximum)):
            return None  # also spares int() a 5,000-digit string
        value = int(significant or "0")
    else:
        return None
    return value if 1 <= value <= maximum else None


def parse_id(raw: object) -> int | None:
    """A row id (1…2**63 - 1) from the address or a form; None if it cannot be one."""
    return parse_positive_int(raw, maximum=MAX_ID)


def id_or_404(raw: object) -> int:
    """A row id, or Http404: an id that cannot exist is not found, like one out
    of scope."""
    pk = parse_id(raw)
    if pk is None:
        raise Http404
    return pk


class IdConverter:
    """`<id:pk>` in a URL pattern: ASCII digits that fit a 64-bit id; any
    other segment does not match, so the address answers 404."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        pk = parse_id(value)
        if pk is None:
            raise ValueError(value)  # Django's signal for "no match"
        return pk

    def to_url(self, value: object) -> str:
        return str(value)


def parse_day(raw: str) -> dt.date:
    """A day written 30/6/2025 or 2025-06-30, between 1/1/2000 and 31/12/2100;
    ParameterError otherwise."""
    text = raw.strip()
    if m := _VN_DAY.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO_DAY.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ParameterError(
            f"Ngày “{_quoted(raw)}” không hợp lệ: dùng dạng ngày/tháng/năm, "
            "ví dụ 30/6/2025."
        )
    try:
        found = dt.date(year, month, day)
    except ValueError:
        raise ParameterError(
            f"Ngày “{_quoted(raw)}” không hợp lệ: không có ngày này trên lịch."
        ) from None
    if not FIRST_DAY <= found <= LAST_DAY:
        raise ParameterError(
            f"Ngày “{_quoted(raw)}” nằm ngoài khoảng cho phép "
            f"({format_date(FIRST_DAY)} – {format_date(LAST_DAY)})."
        )
    return found


def parse_period_param(
    raw: str,
    default: str | None = None,
    *,
    kind: str = "sixmonthly",
    until: dt.date | None = None,
) -> "Period":
    """A period in DHIS2 notation ("2026S2", "202612"…), inside the years of
    `FIRST_DAY`…`LAST_DAY`; ParameterError with the notations that exist
    otherwise. Blank: `default` if given ("" makes the period required), else
    today's period of `kind`, or the one of `until` for a unit that ended."""
    if default is None:
        default = current_period(kind, until=until).code
    try:
        period = parse_period(raw.strip() or default)
    except PeriodError as exc:
        raise ParameterError(str(exc)) from exc
    if not (period.start >= FIRST_DAY and period.end <= LAST_DAY):
        raise ParameterError(
            f"Kỳ báo cáo “{_quoted(raw)}” nằm ngoài các năm "
            f"{FIRST_DAY.year}–{LAST_DAY.year}."
        )
    return period


def parse_page_size(raw: str, *, maximum: int) -> int:
    """A page size: a positive whole number, capped at `maximum`; ParameterError
    otherwise."""
    text = raw.strip()
    size = parse_positive_int(text)
    if size is None:
        if _DIGITS.fullmatch(text) and text.strip("0"):
            return maximum  # a very large size is a request for "everything"
        raise ParameterError(
            f"Số dòng mỗi trang “{_quoted(raw)}” không hợp lệ: dùng số nguyên "
            f"từ 1 đến {maximum}."
        )
    return min(size, maximum)


def parse_page_number(raw: str) -> int | Literal["last"]:
    """A page number (1, 2…) or "last"; ParameterError otherwise. A number past the
    last page is left to the paginator."""
    text = raw.strip()
    if text == "last":
        return "last"
    number = parse_positive_int(text)
    if number is None:
        raise ParameterError(
            f"Trang không hợp lệ: “{_quoted(raw)}” không phải số trang (1, 2, 3…)."
        )
    return number


# --- the same, read from a request's query string --------------------------------


def parse_text_param(
    request: HttpRequest, name: str, *, max_length: int = MAX_TEXT
) -> str:
    """Free text (a search, a code): stripped, without control characters,
    at most `max_length` characters; "" when absent."""
    return clean_text(request.GET.get(name, ""), max_length=max_length)


def parse_id_param(request: HttpRequest, name: str) -> int | None:
    """An id used as a filter (`?parent=`, `?affiliation=`); None when absent,
    ParameterError if it cannot be an id."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    pk = parse_id(raw)
    if pk is None:
        raise ParameterError(
            f"Tham số “{name}” phải là mã số (số nguyên dương), "
            f"không phải “{_quoted(raw)}”."
        )
    return pk


def parse_date_param(request: HttpRequest, name: str) -> dt.date | None:
    """A day (see `parse_day`); None when absent, ParameterError if malformed."""
    raw = request.GET.get(name, "").strip()
    return parse_day(raw) if raw else None


def parse_choice_param(
    request: HttpRequest, name: str, choices: list[str]
) -> str | None:
    """One of `choices`; None when absent, ParameterError if not one of them."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if raw not in choices:
        raise ParameterError(
            f"Giá trị “{_quoted(raw)}” của tham số “{name}” không hợp lệ."
        )
    return raw


def parse_page_param(request: HttpRequest) -> int | Literal["last"]:
    """`?page=` on a paginated page; the first page when absent."""
    raw = request.GET.get("page", "").strip()
    return parse_page_number(raw) if raw else 1


def parse_bool_param(request: HttpRequest, name: str) -> bool:
    """A switch (`?history=true`): true/1 or false/0, False when absent;
    ParameterError for anything else, so a typo is not read as "no"."""
    raw = request.GET.get(name, "").strip()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise ParameterError(
        f"Tham số “{name}” chỉ nhận true hoặc false, không phải “{_quoted(raw)}”."
    )
