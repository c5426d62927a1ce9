"""Roll-ups with period containment give the plain definition of a unit's
figure (its own values, else its children's figures), for every standard
period and for month ranges, on random facts at two levels (Hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnscd.core.periods import parse_period
from cnscd.indicators.tests.figures import figure_over

SPANS = [
    "202211",  # a month of the previous year
    "202301",
    "202303",
    "202306",
    "202307",
    "2023Q1",
    "2023Q3",
    "2023S1",
    "2023",
    "202302-202304",  # across quarters
    "202306-202307",  # across halves
    "202212-202301",  # across years
]
QUERIES = [
    "2022",
    "2023",
    "2023S1",
    "2023S2",
    "2023Q1",
    "2023Q2",
    "2023Q3",
    "202301",
    "202306",
    "202301-202304",
    "202212-202302",
]

facts = st.lists(
    st.tuples(
        st.sampled_from(["a1", "a2", "b1", "a"]),
        st.sampled_from(SPANS),
        st.integers(min_value=0, max_value=1000),
    ),
    max_size=25,
    unique_by=lambda f: (f[0], f[1]),
)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None)
@given(facts=facts)
def test_rollups_equal_raw_sums_for_every_period(
    facts: list[tuple[str, str, int]],
) -> None:
    from django.db import transaction

    from cnscd.indicators import rollups
    from cnscd.indicators.models import DataValue, Indicator
    from cnscd.indicators.selectors import values_for_units
    from conftest import Tree

    with transaction.atomic():
        tree = Tree()
        indicator = Indicator.objects.get(code="citizens_guided")
        stored = []
        for unit_name, code, value in facts:
            unit = getattr(tree, unit_name)
            period = parse_period(code)
            DataValue.objects.create(
                indicator=indicator,
                unit=unit,
                period=code,
                first_month=period.first_month,
                last_month=period.last_month,
                value=value,
                source="entered",
            )
            rollups.apply(
                [
                    rollups.Delta(
                        unit.pk,
                        indicator.pk,
                        period.first_month,
                        period.last_month,
                        Decimal(value),
                        1,
                    )
                ]
            )
            stored.append((unit, period, value))
        units = [tree.p, tree.a, tree.b, tree.a1, tree.a2, tree.b1]
        known = [(u, (p.first_month, p.last_month), Decimal(v)) for u, p, v in stored]
        for code in QUERIES:
            query = parse_period(code)
            got = values_for_units(units, [indicator], query)
            for unit in units:
                expected = figure_over(known, units, unit, query)
                assert got[(unit.pk, indicator.pk)] == expected, (code, unit.name)
        assert rollups.rebuild(fix=False).clean
        transaction.set_rollback(True)
