"""The plain definition of a unit's figure (ADR 0013), written as a recursion
over the tree, for tests to hold the maintained roll-ups against."""

from decimal import Decimal

from cnscd.core.periods import Period, containing_spans, standard_pieces
from cnscd.units.models import AdministrativeUnit

Span = tuple[int, int]
Fact = tuple[AdministrativeUnit, Span, Decimal]


def inside(span: Span, period: Span) -> bool:
    """A value of `span` counts in `period`'s figure."""
    return span == period or period in containing_spans(*span)


def figure(
    facts: list[Fact],
    units: list[AdministrativeUnit],
    unit: AdministrativeUnit,
    span: Span,
) -> Decimal | None:
    """The unit's own values inside the span if it has any, otherwise the sum
    of its children's figures; None when nothing below it is known."""
    own = [v for u, s, v in facts if u.pk == unit.pk and inside(s, span)]
    if own:
        return sum(own, Decimal(0))
    below = [
        f
        for child in units
        if child.parent_id == unit.pk
        and (f := figure(facts, units, child, span)) is not None
    ]
    return sum(below, Decimal(0)) if below else None


def figure_over(
    facts: list[Fact],
    units: list[AdministrativeUnit],
    unit: AdministrativeUnit,
    period: Period,
) -> Decimal | None:
    """Any period: the sum of the standard periods it is made of, and of values
    of ranges of months inside it that none of those holds."""
    pieces = standard_pieces(period.first_month, period.last_month)
    crossing = {
        s
        for u, s, _ in facts
        if u.path.startswith(unit.path)
        and period.first_month <= s[0]
        and s[1] <= period.last_month
        and not any(a <= s[0] and s[1] <= b for a, b in pieces)
    }
    found = [
        f
        for span in [*pieces, *sorted(crossing)]
        if (f := figure(facts, units, unit, span)) is not None
    ]
    return sum(found, Decimal(0)) if found else None
