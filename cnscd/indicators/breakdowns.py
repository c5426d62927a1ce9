"""Breakdowns of a value ("trong đó"): by sex, by target group, by partner.

An indicator that declares disaggregations in the catalogue can be entered
with parts besides its total: "Số người dân được hướng dẫn: 1.200, trong đó
nam 500, nữ 700; người cao tuổi 300". Each dimension is a breakdown of its
own, and its parts never add up to more than the total. Parts are stored as
values with a disaggregation key ("sex=Nam", "partner=17"); only totals (the
key "") go into the roll-ups, so nothing is counted twice.
"""

from dataclasses import dataclass
from decimal import Decimal

from cnscd.core.formatting import format_number
from cnscd.indicators.choices import DISAGGREGATION_OPTIONS, Disaggregation
from cnscd.indicators.models import Form, Indicator
from cnscd.indicators.selectors import partner_key, partners_of

# "citizens_guided|sex=Nam": an input's name for a part of a value.
SEPARATOR = "|"


@dataclass(frozen=True)
class Part:
    key: str  # "sex=Nam"
    label: str  # "Nam"


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    label: str  # "Theo giới tính"
    parts: list[Part]


def breakdowns_for(indicator: Indicator, form: Form) -> list[Breakdown]:
    """The dimensions an indicator can be broken down by on a form."""
    out = []
    for dimension in indicator.disaggregations or []:
        if dimension == Disaggregation.PARTNER:
            parts = [Part(partner_key(o.pk), str(o)) for o in partners_of(form)]
        else:
            parts = [
                Part(f"{dimension}={option}", option)
                for option in DISAGGREGATION_OPTIONS.get(Disaggregation(dimension), [])
            ]
        if parts:
            label = Disaggregation(dimension).label
            out.append(
                Breakdown(dimension, f"Theo {label[0].lower()}{label[1:]}", parts)
            )
    return out


def field_name(code: str, key: str) -> str:
    return f"{code}{SEPARATOR}{key}"


def check(
    indicator: Indicator,
    total: Decimal | None,
    breakdowns: list[Breakdown],
    parts: dict[str, Decimal | None],
) -> tuple[Decimal | None, dict[str, str]]:
    """The total to store (the sum of the parts when only parts were given)
    and errors by field for a breakdown that exceeds its total."""
    errors: dict[str, str] = {}
    sums = {
        b.dimension: sum(
            (v for p in b.parts if (v := parts.get(p.key)) is not None), Decimal(0)
        )
        for b in breakdowns
        if any(parts.get(p.key) is not None for p in b.parts)
    }
    if total is None and sums:
        total = max(sums.values())
    for b in breakdowns:
        found = sums.get(b.dimension)
        if found is not None and total is not None and found > total:
            errors[field_name(indicator.code, b.parts[0].key)] = (
                f"{b.label}: cộng các phần được {format_number(found)}, "
                f"vượt tổng {format_number(total)}."
            )
    return total, errors
