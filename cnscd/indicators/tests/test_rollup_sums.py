"""Roll-ups kept up to date change by change — values set, changed and removed,
at several levels at once, in batches — equal both the rows `rebuild()`
computes from the raw values and the plain recursive definition of a unit's
figure (ADR 0013)."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from cnscd.core.periods import parse_period
from cnscd.indicators import rollups
from cnscd.indicators.models import Indicator, Rollup
from cnscd.indicators.selectors import values_for_units
from cnscd.indicators.tests.figures import Fact, figure_over
from conftest import Tree

SPANS = ["202301", "202306", "2023Q2", "2023S1", "2023"]
QUERIES = ["2023", "2023S1", "2023Q2", "202306", "202301", "202305-202306"]

changes = st.lists(
    st.lists(
        st.tuples(
            st.sampled_from(["p", "a", "b", "a1", "a2", "b1"]),
            st.sampled_from(SPANS),
            st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda c: (c[0], c[1]),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(batches=changes)
def test_changes_in_batches_keep_one_figure_per_unit(
    batches: list[list[tuple[str, str, int | None]]],
) -> None:
    with transaction.atomic():
        tree = Tree()
        indicator = Indicator.objects.get(code="citizens_guided")
        units = [tree.p, tree.a, tree.b, tree.a1, tree.a2, tree.b1]
        held: dict[tuple[str, str], int] = {}
        for batch in batches:
            deltas = []
            for name, code, value in batch:
                old = held.pop((name, code), None)
                if value is not None:
                    held[(name, code)] = value
                if old is None and value is None:
                    continue
                period = parse_period(code)
                deltas.append(
                    rollups.Delta(
                        getattr(tree, name).pk,
                        indicator.pk,
                        period.first_month,
                        period.last_month,
                        Decimal((value or 0) - (old or 0)),
                        (value is not None) - (old is not None),
                    )
                )
            rollups.apply(deltas)
            stored = rollups.expected_rows_for(
                [
                    rollups.Delta(
                        getattr(tree, n).pk,
                        indicator.pk,
                        parse_period(c).first_month,
                        parse_period(c).last_month,
                        Decimal(v),
                        1,
                    )
                    for (n, c), v in held.items()
                ]
            )
            actual = {
                tuple(r[:5]): tuple(r[6:])
                for r in Rollup.objects.values_list(*rollups.ROW_FIELDS)
            }
            assert actual == stored
        facts: list[Fact] = [
            (
                getattr(tree, n),
                (parse_period(c).first_month, parse_period(c).last_month),
                Decimal(v),
            )
            for (n, c), v in held.items()
        ]
        for code in QUERIES:
            query = parse_period(code)
            got = values_for_units(units, [indicator], query)
            for unit in units:
                assert got[(unit.pk, indicator.pk)] == figure_over(
                    facts, units, unit, query
                ), (code, unit.name)
        transaction.set_rollback(True)
