"""Classification bands and rankings: pure functions (no database)."""

import operator
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from cnscd.core.formatting import format_number

OPERATORS: dict[str, tuple[Callable[[Decimal, Decimal], bool], str]] = {
    ">=": (operator.ge, "≥"),
    ">": (operator.gt, ">"),
    "<=": (operator.le, "≤"),
    "<": (operator.lt, "<"),
    "==": (operator.eq, "="),
    "!=": (operator.ne, "≠"),
}


@dataclass(frozen=True)
class Condition:
    ref: str  # an indicator code, or "score"
    op: str
    value: Decimal

    def holds(self, values: dict[str, Decimal | None]) -> bool:
        """A missing figure satisfies no condition (it is not zero)."""
        got = values.get(self.ref)
        return got is not None and OPERATORS[self.op][0](got, self.value)

    def describe(self, names: dict[str, str]) -> str:
        return (
            f"{names.get(self.ref, self.ref)} {OPERATORS[self.op][1]} "
            f"{format_number(self.value)}"
        )


@dataclass(frozen=True)
class BandRule:
    name: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Classification:
    band: str | None
    reason: str


def classify(
    bands: Sequence[BandRule],
    values: dict[str, Decimal | None],
    names: dict[str, str] | None = None,
) -> Classification:
    """The first band whose conditions all hold, with the figures that placed it."""
    names = names or {}
    for band in bands:
        if all(c.holds(values) for c in band.conditions):
            if not band.conditions:
                return Classification(band.name, "Không thuộc các mức trên.")
            shown = "; ".join(
                f"{c.describe(names)} (thực tế {format_number(values[c.ref])})"
                for c in band.conditions
            )
            return Classification(band.name, shown)
    return Classification(None, "Không thuộc mức nào.")


def competition_ranks[K: Hashable](
    scores: Sequence[tuple[K, Decimal | None]],
) -> dict[K, int | None]:
    """Standard competition ranking ("1, 2, 2, 4"): equal scores share a rank,
    the next rank skips; a unit without a score is not ranked."""
    ranked = sorted(
        ((k, s) for k, s in scores if s is not None), key=lambda x: x[1], reverse=True
    )
    out: dict[K, int | None] = {k: None for k, s in scores if s is None}
    previous: Decimal | None = None
    rank = 0
    for position, (key, value) in enumerate(ranked, start=1):
        if value != previous:
            rank, previous = position, value
        out[key] = rank
    return out
