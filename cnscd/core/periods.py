"""Reporting periods in DHIS2's ISO notation.

`2023` (year), `2023S1`/`2023S2` (half-year), `2023Q2` (quarter), `202306` (month),
`2023W27` (ISO week) and ranges of months `202308-202312`. Every period maps to
its months (a week to the month holding its Thursday), and knows the periods of
each type that contain it.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

YEAR = re.compile(r"^(\d{4})$", re.ASCII)
HALF = re.compile(r"^(\d{4})S([12])$", re.ASCII)
QUARTER = re.compile(r"^(\d{4})Q([1-4])$", re.ASCII)
MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$", re.ASCII)
WEEK = re.compile(r"^(\d{4})W(0[1-9]|[1-4]\d|5[0-3])$", re.ASCII)
RANGE = re.compile(r"^(\d{4})(0[1-9]|1[0-2])-(\d{4})(0[1-9]|1[0-2])$", re.ASCII)

PERIOD_TYPES = {
    "yearly": "Năm",
    "sixmonthly": "6 tháng",
    "quarterly": "Quý",
    "monthly": "Tháng",
    "weekly": "Tuần",
    "range": "Khoảng tháng",
}


class PeriodError(ValueError):
    """Not a period; the message says which notations exist."""


def month_index(year: int, month: int) -> int:
    """yyyymm as an int (202306) — the key roll-ups are stored under."""
    return year * 100 + month


STANDARD_KINDS = frozenset({"yearly", "sixmonthly", "quarterly", "monthly"})


def standard_pieces(first: int, last: int) -> list[tuple[int, int]]:
    """A range of months as the fewest whole years, half-years, quarters and
    months (202308-202312 → 202308, 202309, 2023Q4), so a figure over it is a
    sum of standard periods' figures."""
    out = []
    year, month = divmod(first, 100)
    while year * 100 + month <= last:
        for size in (12, 6, 3, 1):
            end = month + size - 1
            if (month - 1) % size == 0 and year * 100 + end <= last:
                out.append((year * 100 + month, year * 100 + end))
                month = end + 1
                break
        if month > 12:
            year, month = year + 1, 1
    return out


def containing_spans(first: int, last: int) -> list[tuple[int, int]]:
    """The quarter, half-year and year (as yyyymm spans) that hold the span
    first..last and are larger than it — the "period containment" roll-ups
    keep totals for, so a standard period is one indexed lookup."""
    year = first // 100
    if last // 100 != year:
        return []
    m1, m2 = first % 100, last % 100
    out = []
    for size in (3, 6, 12):
        start = (m1 - 1) // size * size + 1
        end = start + size - 1
        if m2 <= end and (start, end) != (m1, m2):
            out.append((year * 100 + start, year * 100 + end))
    return out


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + n
    return total // 12, total % 12 + 1


@total_ordering
@dataclass(frozen=True)
class Period:
    code: str
    kind: str
    start: dt.date
    end: dt.date

    @property
    def first_month(self) -> int:
        return month_index(self.start.year, self.start.month)

    @property
    def is_standard(self) -> bool:
        """A year, half-year, quarter or month: roll-ups hold its totals as is."""
        return self.kind in STANDARD_KINDS

    @property
    def last_month(self) -> int:
        return month_index(self.end.year, self.end.month)

    def months(self) -> list[str]:
        """The yyyymm codes the period covers (a week: its Thursday's month)."""
        y, m = self.start.year, self.start.month
        out = []
        while month_index(y, m) <= self.last_month:
            out.append(f"{y}{m:02d}")
            y, m = _add_months(y, m, 1)
        return out

    def contains(self, other: "Period") -> bool:
        return (
            self.first_month <= other.first_month
            and other.last_month <= self.last_month
        )

    def containing(self) -> list["Period"]:
        """The month, quarter, half-year and year that contain this period, where one does."""
        candidates = [
            f"{self.start.year}{self.start.month:02d}",
            f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}",
            f"{self.start.year}S{1 if self.start.month <= 6 else 2}",
            f"{self.start.year}",
        ]
        return [
            p for p in map(parse_period, candidates) if p.contains(self) and p != self
        ]

    def previous(self) -> "Period":
        """The period of the same kind just before (2023S1 → 2022S2); a range or
        week: the same number of months just before."""
        y, m = self.start.year, self.start.month
        match self.kind:
            case "yearly":
                return parse_period(str(y - 1))
            case "sixmonthly":
                return parse_period(f"{y}S1" if m > 6 else f"{y - 1}S2")
            case "quarterly":
                q = (m - 1) // 3 + 1
                return parse_period(f"{y}Q{q - 1}" if q > 1 else f"{y - 1}Q4")
            case "monthly":
                py, pm = _add_months(y, m, -1)
                return parse_period(f"{py}{pm:02d}")
            case "weekly":
                iso = (self.start - dt.timedelta(days=7)).isocalendar()
                return parse_period(f"{iso.year}W{iso.week:02d}")
        months = len(self.months())
        fy, fm = _add_months(y, m, -months)
        ly, lm = _add_months(y, m, -1)
        return parse_period(f"{fy}{fm:02d}-{ly}{lm:02d}")

    @property
    def label(self) -> str:
        """Vietnamese: "6 tháng đầu năm 2023", "Quý II/2023", "Tháng 6/2023"."""
        y = self.start.year
        match self.kind:
            case "yearly":
                return f"Năm {y}"
            case "sixmonthly":
                return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {y}"
            case "quarterly":
                return (
                    f"Quý {['I', 'II', 'III', 'IV'][(self.start.month - 1) // 3]}/{y}"
                )
            case "monthly":
                return f"Tháng {self.start.month}/{y}"
            case "weekly":
                return f"Tuần {int(self.code[5:])}/{y}"
        return f"Từ tháng {self.start.month}/{self.start.year} đến tháng {self.end.month}/{self.end.year}"

    def __lt__(self, other: "Period") -> bool:
        return (self.start, self.end) < (other.start, other.end)

    def __str__(self) -> str:
        return self.code


def periods_within(period: Period, kind: str) -> list[Period]:
    """The periods of `kind` a unit reports over `period`: the period itself
    when it is of that kind; the months, quarters, half-years or weeks inside
    it when it is longer (202301 … 202306 for 2023S1); the one period of
    `kind` that holds it when it is shorter (2023S1 for 202304); none for a
    kind that is not a period type."""
    if kind == period.kind:
        return [period]
    if kind == "weekly":
        monday = period.start - dt.timedelta(days=period.start.weekday())
        weeks = []
        while monday <= period.end:
            iso = monday.isocalendar()
            week = parse_period(f"{iso.year}W{iso.week:02d}")
            if period.contains(week):
                weeks.append(week)
            monday += dt.timedelta(days=7)
        return weeks
    size = {"monthly": 1, "quarterly": 3, "sixmonthly": 6, "yearly": 12}.get(kind)
    if size is None:
        return []
    first = (period.first_month // 100, (period.first_month % 100 - 1) // size)
    out = []
    year, block = first
    while month_index(year, block * size + 1) <= period.last_month:
        piece = parse_period(_code_of(kind, year, block))
        if period.contains(piece) or piece.contains(period):
            out.append(piece)
        year, block = (year + 1, 0) if (block + 1) * size >= 12 else (year, block + 1)
    return out


def period_of(day: dt.date, kind: str = "sixmonthly") -> Period:
    """The period of `kind` (a period type) that holds `day`."""
    if kind == "weekly":
        iso = day.isocalendar()
        return parse_period(f"{iso.year}W{iso.week:02d}")
    found = periods_within(parse_period(f"{day:%Y%m}"), kind)
    return found[0] if found else parse_period(f"{day:%Y}S{1 if day.month <= 6 else 2}")


def current_period(kind: str = "sixmonthly", *, until: dt.date | None = None) -> Period:
    """Today's period of `kind`, the default of every page (issue #15): the
    half-year unless a form reports by another period type. For a unit of an
    ended structure, the period of its last day (`until`)."""
    from django.utils import timezone

    today = timezone.localdate()
    return period_of(min(today, until) if until else today, kind)


def _code_of(kind: str, year: int, block: int) -> str:
    match kind:
        case "monthly":
            return f"{year}{block + 1:02d}"
        case "quarterly":
            return f"{year}Q{block + 1}"
        case "sixmonthly":
            return f"{year}S{block + 1}"
    return str(year)


def _month_end(year: int, month: int) -> dt.date:
    y, m = _add_months(year, month, 1)
    return dt.date(y, m, 1) - dt.timedelta(days=1)


def parse_period(code: str) -> Period:
    """Parse an ISO period code; PeriodError with a Vietnamese message if invalid,
    a period the calendar cannot hold (year 0000, past 31/12/9999) included."""
    try:
        return _parse_period(code)
    except PeriodError:
        raise
    except (ValueError, OverflowError) as exc:  # dt.date's limits
        raise PeriodError(
            f"Kỳ báo cáo “{(code or '')[:20]}” không hợp lệ: năm nằm ngoài lịch."
        ) from exc


def _parse_period(code: str) -> Period:
    text = (code or "").strip().upper()
    if m := YEAR.match(text):
        y = int(m.group(1))
        return Period(text, "yearly", dt.date(y, 1, 1), dt.date(y, 12, 31))
    if m := HALF.match(text):
        y, h = int(m.group(1)), int(m.group(2))
        first = 1 if h == 1 else 7
        return Period(
            text, "sixmonthly", dt.date(y, first, 1), _month_end(y, first + 5)
        )
    if m := QUARTER.match(text):
        y, q = int(m.group(1)), int(m.group(2))
        first = 3 * (q - 1) + 1
        return Period(text, "quarterly", dt.date(y, first, 1), _month_end(y, first + 2))
    if m := MONTH.match(text):
        y, mo = int(m.group(1)), int(m.group(2))
        return Period(text, "monthly", dt.date(y, mo, 1), _month_end(y, mo))
    if m := WEEK.match(text):
        y, w = int(m.group(1)), int(m.group(2))
        try:
            monday = dt.date.fromisocalendar(y, w, 1)
        except ValueError as exc:
            raise PeriodError(f"Năm {y} không có tuần {w}.") from exc
        # A week belongs to the month of its Thursday for roll-ups.
        return _week(text, monday, monday + dt.timedelta(days=3))
    if m := RANGE.match(text):
        y1, m1, y2, m2 = (int(g) for g in m.groups())
        if month_index(y1, m1) > month_index(y2, m2):
            raise PeriodError(
                f"Khoảng “{code}” không hợp lệ: tháng đầu sau tháng cuối."
            )
        return Period(text, "range", dt.date(y1, m1, 1), _month_end(y2, m2))
    raise PeriodError(
        f"Kỳ báo cáo “{(code or '')[:20]}” không hợp lệ: dùng 2023, 2023S1, 2023Q2, 202306, "
        "2023W27 hoặc 202308-202312."
    )


@dataclass(frozen=True)
class _WeekPeriod(Period):
    thursday: dt.date = dt.date(1970, 1, 1)

    @property
    def first_month(self) -> int:
        return month_index(self.thursday.year, self.thursday.month)

    @property
    def last_month(self) -> int:
        return self.first_month

    def months(self) -> list[str]:
        return [f"{self.thursday.year}{self.thursday.month:02d}"]

    def containing(self) -> list[Period]:
        t = self.thursday
        codes = [
            f"{t.year}{t.month:02d}",
            f"{t.year}Q{(t.month - 1) // 3 + 1}",
            f"{t.year}S{1 if t.month <= 6 else 2}",
            f"{t.year}",
        ]
        return [parse_period(c) for c in codes]


def _week(code: str, monday: dt.date, thursday: dt.date) -> Period:
    return _WeekPeriod(code, "weekly", monday, monday + dt.timedelta(days=6), thursday)
