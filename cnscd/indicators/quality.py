"""Data-quality checks run on every import and every submitted report.

Each finding has a kind, a severity and a message a commune officer
understands. The checks are plain functions over rows of values.
"""

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cnscd.core.formatting import format_number
from cnscd.core.text import lower_first
from cnscd.indicators.models import Indicator, ValidationRule

ROBUST_Z = 3.5
ROUND_TO = 1000


@dataclass
class Finding:
    kind: str
    severity: str
    message: str
    row: int | None = None
    column: str | None = None
    unit_code: str | None = None
    header: str | None = None  # the sheet's column header, for unmapped columns

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "row": self.row,
            "column": self.column,
            "unit_code": self.unit_code,
            "message": self.message,
        }


@dataclass
class ValueRow:
    """One unit's values as read from a sheet (or entered in a report)."""

    row: int | None
    label: str
    unit_code: str | None
    values: dict[str, Decimal | None] = field(default_factory=dict)


def n(value: Decimal | None) -> str:
    return format_number(value) if value is not None else "trống"


def check_total_row(
    rows: Sequence[ValueRow], total: ValueRow, columns: Sequence[Indicator]
) -> list[Finding]:
    """The printed total against the sum of the rows, with the rows that would
    explain the difference (a total that leaves rows out)."""
    sums = {
        c.code: sum((r.values.get(c.code) or Decimal(0) for r in rows), Decimal(0))
        for c in columns
    }
    wrong = [
        c
        for c in columns
        if total.values.get(c.code) is not None and total.values[c.code] != sums[c.code]
    ]
    if not wrong:
        return []
    right = [
        c for c in columns if c not in wrong and total.values.get(c.code) is not None
    ]
    explanation = _explain(rows, total, wrong, right, sums)
    findings = []
    for c in wrong:
        printed = total.values[c.code] or Decimal(0)  # not None: `wrong` needs a figure
        diff = sums[c.code] - printed
        message = (
            f"Dòng “{total.label}” ghi {lower_first(c.name)} là {n(printed)} nhưng cộng các dòng "
            f"được {n(sums[c.code])} (chênh {n(abs(diff))})."
        )
        if explanation:
            listed = ", ".join(f"dòng {r.row} ({r.label})" for r in explanation)
            message += (
                f" Chênh lệch đúng bằng {listed}: dòng tổng đã bỏ sót các dòng này."
            )
        findings.append(
            Finding("total_mismatch", "warning", message, total.row, c.code)
        )
    return findings


# Looking for three left-out rows costs a lookup per pair of rows.
EXPLAIN_TRIPLES_MAX = 400


def _explain(
    rows: Sequence[ValueRow],
    total: ValueRow,
    wrong: Sequence[Indicator],
    right: Sequence[Indicator],
    sums: dict[str, Decimal],
) -> list[ValueRow] | None:
    """The smallest set of rows (up to 3) whose omission gives every printed
    total. Each row is a vector over the columns; the left-out rows must add up
    to the gap (sum − printed on the wrong columns, 0 on the right ones). One
    row is a lookup, two rows a lookup per row, three rows a lookup per pair
    (tables of up to EXPLAIN_TRIPLES_MAX rows)."""
    codes = [c.code for c in wrong] + [c.code for c in right]
    gap = tuple(
        [sums[c.code] - (total.values[c.code] or Decimal(0)) for c in wrong]
        + [Decimal(0)] * len(right)
    )

    def vector(r: ValueRow) -> tuple[Decimal, ...]:
        return tuple(r.values.get(code) or Decimal(0) for code in codes)

    def minus(a: tuple[Decimal, ...], b: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
        return tuple(x - y for x, y in zip(a, b, strict=True))

    vectors = [vector(r) for r in rows]
    index: dict[tuple[Decimal, ...], list[int]] = {}
    for i, v in enumerate(vectors):
        index.setdefault(v, []).append(i)
    if gap in index:
        return [rows[index[gap][0]]]
    for i, v in enumerate(vectors):
        j = next((j for j in index.get(minus(gap, v), []) if j > i), None)
        if j is not None:
            return [rows[i], rows[j]]
    if len(rows) > EXPLAIN_TRIPLES_MAX:
        return None
    for i, j in itertools.combinations(range(len(rows)), 2):
        rest = minus(minus(gap, vectors[i]), vectors[j])
        k = next((k for k in index.get(rest, []) if k > j), None)
        if k is not None:
            return [rows[i], rows[j], rows[k]]
    return None


def check_rules(
    rows: Iterable[ValueRow], rules: Iterable[ValidationRule]
) -> list[Finding]:
    """Rules between indicators of the same unit and period, with the values."""
    findings = []
    for r in rows:
        for rule in rules:
            left, right = r.values.get(rule.left.code), r.values.get(rule.right.code)
            if left is None or right is None:
                continue
            ok = {
                "<=": left <= right,
                "<": left < right,
                ">=": left >= right,
                "==": left == right,
            }[rule.operator]
            if ok:
                continue
            ratio = (
                f" — gấp {format_number(left / right, 1)} lần"
                if rule.operator in ("<=", "<") and right
                else ""
            )
            message = (
                f"{r.label}: {lower_first(rule.left.name)} ({n(left)}) so với "
                f"{lower_first(rule.right.name)} ({n(right)}){ratio}. {rule.message}."
            )
            findings.append(
                Finding(
                    "rule_violation",
                    rule.severity,
                    message,
                    r.row,
                    rule.left.code,
                    r.unit_code,
                )
            )
    return findings


def robust_z(values: Sequence[float]) -> list[float]:
    """Modified z-scores (median and median absolute deviation; Iglewicz–Hoaglin)."""
    if len(values) < 4:
        return [0.0] * len(values)
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad == 0:
        return [0.0 if v == median else float("inf") for v in values]
    return [0.6745 * (v - median) / mad for v in values]


def check_outliers(
    rows: Sequence[ValueRow], rules: Iterable[ValidationRule]
) -> list[Finding]:
    """Rates far from those of sibling units (accounts per citizen guided…)."""
    findings = []
    for rule in rules:
        pairs = [
            (r, r.values.get(rule.left.code), r.values.get(rule.right.code))
            for r in rows
        ]
        rated = [(r, float(a) / float(b)) for r, a, b in pairs if a is not None and b]
        scores = robust_z([rate for _, rate in rated])
        median = statistics.median([rate for _, rate in rated]) if rated else 0
        for (r, rate), z in zip(rated, scores, strict=True):
            if z > ROBUST_Z:
                findings.append(
                    Finding(
                        "outlier",
                        "warning",
                        f"{r.label}: tỷ lệ {lower_first(rule.left.name)} trên {lower_first(rule.right.name)} là "
                        f"{format_number(rate, 1)}, cao bất thường so với các đơn vị cùng cấp "
                        f"(trung vị {format_number(median, 2)}). Hãy kiểm tra lại số liệu.",
                        r.row,
                        rule.left.code,
                        r.unit_code,
                    )
                )
    return findings


def check_history(
    row: ValueRow, history: dict[str, list[Decimal]], columns: Sequence[Indicator]
) -> list[Finding]:
    """A value far from the unit's own past periods (at least 4 of them)."""
    findings = []
    for c in columns:
        value = row.values.get(c.code)
        past = [float(v) for v in history.get(c.code, [])]
        if value is None or len(past) < 4:
            continue
        z = robust_z([*past, float(value)])[-1]
        if abs(z) > ROBUST_Z:
            findings.append(
                Finding(
                    "outlier",
                    "warning",
                    f"{row.label}: {lower_first(c.name)} là {n(value)}, khác xa các kỳ trước "
                    f"(trung vị {format_number(statistics.median(past), 0)}).",
                    row.row,
                    c.code,
                    row.unit_code,
                )
            )
    return findings


def check_digit_preference(
    rows: Iterable[ValueRow], columns: Sequence[Indicator]
) -> list[Finding]:
    """Rows whose large figures are all round thousands: estimates, not counts."""
    findings = []
    for r in rows:
        large = [
            (c, v)
            for c in columns
            if (v := r.values.get(c.code)) is not None and v >= ROUND_TO
        ]
        round_ones = [(c, v) for c, v in large if v % ROUND_TO == 0]
        if len(round_ones) >= 2 and len(round_ones) == len(large):
            figures = " / ".join(n(v) for _, v in round_ones)
            findings.append(
                Finding(
                    "digit_preference",
                    "warning",
                    f"{r.label}: các số {figures} đều là số tròn nghìn — thường là số ước lượng chứ "
                    "không phải số đếm. Đề nghị đơn vị kiểm tra, báo cáo số thực tế.",
                    r.row,
                    round_ones[0][0].code,
                    r.unit_code,
                )
            )
    return findings


def rules_among(columns: Sequence[Indicator]) -> list[ValidationRule]:
    """The validation rules between indicators of a form."""
    return list(
        ValidationRule.objects.select_related("left", "right").filter(
            left__in=columns, right__in=columns
        )
    )


def check_siblings(
    rows: Sequence[ValueRow],
    rules: Sequence[ValidationRule],
    columns: Sequence[Indicator],
) -> list[Finding]:
    """The checks on sibling units' rows (an import's, or a report's appendix):
    the rules, rates far from the siblings' (for "not above" rules) and round
    figures."""
    return (
        check_rules(rows, rules)
        + check_outliers(rows, [r for r in rules if r.operator in ("<=", "<")])
        + check_digit_preference(rows, columns)
    )
