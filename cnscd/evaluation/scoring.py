"""Scoring: pure functions over frozen dataclasses (no database).

A criterion's rule is written in the "Cách tính điểm" column of a scoring table
and its inputs in "Nguồn dữ liệu". `parse_rule` and `parse_sources` read them
(or say, in Vietnamese, what is wrong); `score` turns the input numbers into
points with a sentence saying which numbers and which rule gave them.

Rules ("Cách tính điểm"), case and diacritics optional:
- ``Có/Không``: the maximum if the input is above zero, else 0.
- ``Theo bậc: ≥4: 20; ≥3: 15; ≥2: 10; ≥1: 5`` (optionally ``; còn lại: 0``):
  the points of the highest tier reached.
- ``Tỷ lệ × điểm tối đa``: input a / input b (from "Nguồn dữ liệu" ``a / b``),
  capped at 100%, times the maximum. A zero or missing denominator gives 0.
- ``Mỗi 1 được 2 điểm, tối đa 10 điểm``: a capped count (the cap defaults to
  the criterion's maximum).
- ``Chấm thủ công``: points given by the unit and the reviewer, with evidence.

Inputs ("Nguồn dữ liệu"): an indicator code (``training_sessions``), a target
(``target:citizens_guided``), the team network (``coverage:teams``,
``coverage:team_members``, ``coverage:villages_with_team_pct``), a village's
own team (``team:members``, ``team:has_decision``, ``team:has_leader``,
``team:partner_members``) or a number; a ratio is ``a / b``.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from cnscd.core.formatting import format_decimal, format_number, format_percent
from cnscd.core.text import search_key
from cnscd.evaluation.choices import Method

TWO = Decimal("0.01")
COVERAGE_REFS = {
    "coverage:teams": "số Tổ CNSCĐ",
    "coverage:team_members": "số thành viên Tổ CNSCĐ",
    "coverage:villages_with_team_pct": "tỷ lệ thôn, tổ dân phố có Tổ CNSCĐ (%)",
}
# About the team of a village, for scoring the team itself (None: no team).
TEAM_REFS = {
    "team:members": "số thành viên của Tổ",
    "team:has_decision": "Tổ có quyết định thành lập (1: có, 0: chưa)",
    "team:has_leader": "Tổ có tổ trưởng (1: có, 0: chưa)",
    "team:partner_members": "số thành viên của Tổ từ doanh nghiệp viễn thông, "
    "bưu chính, ngân hàng",
}
NETWORK_REFS = COVERAGE_REFS | TEAM_REFS


class RuleError(ValueError):
    """A rule or source that cannot be used; the message is for the officer."""


@dataclass(frozen=True)
class Rule:
    method: Method
    max_points: Decimal
    tiers: tuple[tuple[Decimal, Decimal], ...] = ()  # (at least, points), highest first
    otherwise: Decimal = Decimal(0)
    per: Decimal = Decimal(1)  # capped count: every `per` counted …
    each: Decimal = Decimal(0)  # … gives `each` points …
    cap: Decimal | None = None  # … up to `cap` (the maximum if None)

    def params(self) -> dict[str, object]:
        """The rule as JSON for the database (`rule_from_params` reads it back)."""
        return {
            "tiers": [[str(a), str(p)] for a, p in self.tiers],
            "otherwise": str(self.otherwise),
            "per": str(self.per),
            "each": str(self.each),
            "cap": None if self.cap is None else str(self.cap),
        }


def rule_from_params(method: str, max_points: Decimal, params: dict[str, Any]) -> Rule:
    cap = params.get("cap")
    return Rule(
        method=Method(method),
        max_points=Decimal(max_points),
        tiers=tuple((Decimal(a), Decimal(p)) for a, p in params.get("tiers", [])),
        otherwise=Decimal(params.get("otherwise", "0")),
        per=Decimal(params.get("per", "1")),
        each=Decimal(params.get("each", "0")),
        cap=None if cap is None else Decimal(cap),
    )


@dataclass(frozen=True)
class Sources:
    """What a criterion reads: one input, or a numerator and a denominator."""

    refs: tuple[str, ...] = ()

    @property
    def numerator(self) -> str | None:
        return self.refs[0] if self.refs else None

    @property
    def denominator(self) -> str | None:
        return self.refs[1] if len(self.refs) > 1 else None


@dataclass(frozen=True)
class Outcome:
    points: Decimal | None  # None: to be given by hand
    explanation: str
    inputs: dict[str, str | None] = field(default_factory=dict)


# --- reading the table's words -----------------------------------------------------

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_TIER = re.compile(rf"^(?:>=|≥|tu|tren)?\s*{_NUMBER}\s*(?:tro len)?\s*:\s*{_NUMBER}")
_OTHERWISE = re.compile(rf"^(?:con lai|khac|duoi muc tren)\s*:\s*{_NUMBER}")
_COUNT = re.compile(
    rf"moi\s+{_NUMBER}\b.*?\bduoc\s+{_NUMBER}\s*diem(?:.*?toi da\s+{_NUMBER})?"
)


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def parse_rule(text: str, max_points: Decimal) -> Rule:
    """Read a "Cách tính điểm" cell; RuleError says what is not understood."""
    key = search_key(text).strip()
    if max_points <= 0:
        raise RuleError("Điểm tối đa phải lớn hơn 0.")
    if key in {"co/khong", "co / khong", "co hoac khong"}:
        return Rule(Method.YES_NO, max_points)
    if key.startswith("cham thu cong") or key.startswith("cham theo tai lieu"):
        return Rule(Method.MANUAL, max_points)
    if key.startswith("ty le"):
        return Rule(Method.RATIO, max_points)
    if key.startswith("theo bac"):
        body = key.split(":", 1)[1] if ":" in key else ""
        tiers: list[tuple[Decimal, Decimal]] = []
        otherwise = Decimal(0)
        for part in filter(None, (p.strip() for p in body.split(";"))):
            if m := _OTHERWISE.match(part):
                otherwise = _dec(m.group(1))
            elif m := _TIER.match(part):
                tiers.append((_dec(m.group(1)), _dec(m.group(2))))
            else:
                raise RuleError(f"Không hiểu bậc “{part}” (viết như “≥4: 20”).")
        if not tiers:
            raise RuleError("Cách tính theo bậc chưa có bậc nào (viết như “≥4: 20”).")
        for _, points in [*tiers, (Decimal(0), otherwise)]:
            if points > max_points:
                raise RuleError(
                    f"Một bậc cho {format_number(points)} điểm, quá điểm tối đa "
                    f"{format_number(max_points)}."
                )
        tiers.sort(key=lambda t: t[0], reverse=True)
        return Rule(Method.TIERS, max_points, tuple(tiers), otherwise)
    if m := _COUNT.search(key):
        per, each = _dec(m.group(1)), _dec(m.group(2))
        if per <= 0:
            raise RuleError("“Mỗi 0 …” không chia được: số đếm phải lớn hơn 0.")
        cap = _dec(m.group(3)) if m.group(3) else None
        if cap is not None and cap > max_points:
            raise RuleError("Mức tối đa vượt điểm tối đa của tiêu chí.")
        return Rule(Method.CAPPED_COUNT, max_points, per=per, each=each, cap=cap)
    raise RuleError(
        f"Không hiểu cách tính điểm “{text.strip()[:80]}”. Dùng: Có/Không; "
        "Theo bậc: ≥4: 20; ≥3: 15; Tỷ lệ × điểm tối đa; "
        "Mỗi 1 được 2 điểm, tối đa 10 điểm; Chấm thủ công."
    )


def parse_sources(text: str, indicator_codes: set[str], method: Method) -> Sources:
    """Read a "Nguồn dữ liệu" cell against the known indicators."""
    parts = [p.strip() for p in (text or "").split("/") if p.strip()]
    if method == Method.MANUAL:
        return Sources()
    wanted = 2 if method == Method.RATIO else 1
    if len(parts) != wanted:
        raise RuleError(
            "Tỷ lệ cần nguồn dạng “chỉ tiêu a / chỉ tiêu b”."
            if wanted == 2
            else "Cần đúng một nguồn dữ liệu (mã chỉ tiêu, target:mã, coverage:…)."
        )
    refs = []
    for part in parts:
        number = constant(part)
        ref = part.lower() if number is None else str(number)
        if ref.startswith("target:"):
            if ref[7:] not in indicator_codes:
                raise RuleError(f"Chỉ tiêu “{ref[7:]}” không có trong danh mục.")
        elif ref.startswith(("coverage:", "team:")):
            if ref not in NETWORK_REFS:
                raise RuleError(
                    f"Nguồn “{part}” không có; dùng {', '.join(NETWORK_REFS)}."
                )
        elif number is None and ref not in indicator_codes:
            raise RuleError(f"Chỉ tiêu “{part}” không có trong danh mục.")
        refs.append(ref)
    if len(refs) == 2 and constant(refs[1]) == 0:
        raise RuleError("Mẫu số là 0: tỷ lệ không tính được.")
    return Sources(tuple(refs))


def constant(ref: str) -> Decimal | None:
    """A source that is a number ("1000", "0,5"), or None."""
    try:
        value = _dec(ref)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def is_indicator_ref(ref: str) -> bool:
    """A source naming an indicator's value (not a target, the network or a number)."""
    return ":" not in ref and constant(ref) is None


def describe(rule: Rule) -> str:
    """The rule written back the way `parse_rule` reads it."""
    match rule.method:
        case Method.YES_NO:
            return "Có/Không"
        case Method.MANUAL:
            return "Chấm thủ công"
        case Method.RATIO:
            return "Tỷ lệ × điểm tối đa"
        case Method.TIERS:
            parts = [f"≥{format_number(a)}: {format_number(p)}" for a, p in rule.tiers]
            if rule.otherwise:
                parts.append(f"còn lại: {format_number(rule.otherwise)}")
            return "Theo bậc: " + "; ".join(parts)
        case _:
            text = f"Mỗi {format_number(rule.per)} được {format_number(rule.each)} điểm"
            if rule.cap is not None:
                text += f", tối đa {format_number(rule.cap)} điểm"
            return text


# --- turning numbers into points ---------------------------------------------------


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def _pts(value: Decimal) -> str:
    return f"{format_decimal(_round(value))} điểm"


def score_yes_no(value: Decimal | None, max_points: Decimal) -> Outcome:
    if value is None:
        return Outcome(Decimal(0), "Chưa có số liệu: 0 điểm.")
    if value > 0:
        return Outcome(
            _round(max_points), f"Có ({format_number(value)}): {_pts(max_points)}."
        )
    return Outcome(Decimal(0), "Không: 0 điểm.")


def score_tiers(
    value: Decimal | None,
    tiers: tuple[tuple[Decimal, Decimal], ...],
    otherwise: Decimal,
    max_points: Decimal,
) -> Outcome:
    if value is None:
        return Outcome(Decimal(0), "Chưa có số liệu: 0 điểm.")
    for at_least, points in sorted(tiers, key=lambda t: t[0], reverse=True):
        if value >= at_least:
            points = min(points, max_points)
            return Outcome(
                _round(points),
                f"{format_number(value)} đạt bậc ≥{format_number(at_least)}: "
                f"{_pts(points)}.",
            )
    lowest = min(a for a, _ in tiers)
    return Outcome(
        _round(min(otherwise, max_points)),
        f"{format_number(value)} dưới bậc thấp nhất (≥{format_number(lowest)}): "
        f"{_pts(min(otherwise, max_points))}.",
    )


def score_ratio(
    numerator: Decimal | None, denominator: Decimal | None, max_points: Decimal
) -> Outcome:
    if numerator is None or denominator is None:
        return Outcome(Decimal(0), "Chưa đủ số liệu để tính tỷ lệ: 0 điểm.")
    if denominator == 0:
        return Outcome(Decimal(0), "Mẫu số bằng 0, không tính được tỷ lệ: 0 điểm.")
    ratio = max(Decimal(0), min(Decimal(1), numerator / denominator))
    points = _round(ratio * max_points)
    capped = " (tính tối đa 100%)" if numerator > denominator else ""
    return Outcome(
        points,
        f"{format_number(numerator)} / {format_number(denominator)} = "
        f"{format_percent(float(_round(numerator / denominator * 100)))}{capped} "
        f"× {format_number(max_points)} = {_pts(points)}.",
    )


def score_capped_count(
    value: Decimal | None,
    per: Decimal,
    each: Decimal,
    cap: Decimal | None,
    max_points: Decimal,
) -> Outcome:
    if value is None:
        return Outcome(Decimal(0), "Chưa có số liệu: 0 điểm.")
    limit = min(cap if cap is not None else max_points, max_points)
    raw = (max(value, Decimal(0)) // per) * each
    points = _round(min(raw, limit))
    note = f", tối đa {_pts(limit)}" if raw > limit else ""
    return Outcome(
        points,
        f"{format_number(value)} × {format_number(each)} điểm mỗi "
        f"{format_number(per)}{note}: {_pts(points)}.",
    )


def score(rule: Rule, values: dict[str, Decimal | None], sources: Sources) -> Outcome:
    """Points for one criterion from the values of its sources."""
    num = values.get(sources.numerator) if sources.numerator else None
    shown = {ref: format_number(values.get(ref)) or None for ref in sources.refs}
    match rule.method:
        case Method.YES_NO:
            out = score_yes_no(num, rule.max_points)
        case Method.TIERS:
            out = score_tiers(num, rule.tiers, rule.otherwise, rule.max_points)
        case Method.RATIO:
            den = values.get(sources.denominator) if sources.denominator else None
            out = score_ratio(num, den, rule.max_points)
        case Method.CAPPED_COUNT:
            out = score_capped_count(
                num, rule.per, rule.each, rule.cap, rule.max_points
            )
        case _:
            return Outcome(None, "Chấm thủ công theo tài liệu kiểm chứng.", shown)
    return Outcome(out.points, out.explanation, shown)
