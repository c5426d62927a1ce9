"""The roll-up rows a batch of value changes touches, summed level by level,
equal the plain definition: every delta added to its unit and every ancestor,
for its span and each standard period holding it."""

from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnscd.core.periods import containing_spans
from cnscd.indicators.rollups import Delta, _sums, ancestor_ids
from conftest import Tree

pytestmark = pytest.mark.django_db

SPANS = [(202301, 202301), (202306, 202306), (202301, 202306), (202304, 202306)]


def plain(deltas: list[Delta]) -> dict[tuple[object, ...], tuple[Decimal, int]]:
    ancestry = ancestor_ids({d.unit_id for d in deltas})
    out: dict[tuple[object, ...], list[object]] = defaultdict(lambda: [Decimal(0), 0])
    for d in deltas:
        spans = [(d.first_month, d.last_month, False)] + [
            (f, last, True) for f, last in containing_spans(d.first_month, d.last_month)
        ]
        for unit in ancestry[d.unit_id]:
            for first, last, container in spans:
                row = out[(unit, d.indicator_id, first, last, container)]
                row[0] += d.total  # type: ignore[operator]
                row[1] += d.count  # type: ignore[operator]
    return {k: (v[0], v[1]) for k, v in out.items()}  # type: ignore[misc]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_level_by_level_equals_every_ancestor(tree: Tree, data: st.DataObject) -> None:
    units = [tree.p, tree.a, tree.b, tree.a1, tree.a2, tree.b1, tree.p2, tree.c]
    deltas = data.draw(
        st.lists(
            st.builds(
                lambda u, i, span, total, count: Delta(
                    u.pk, i, span[0], span[1], Decimal(total), count
                ),
                st.sampled_from(units),
                st.integers(1, 3),
                st.sampled_from(SPANS),
                st.integers(-50, 50),
                st.integers(-1, 1),
            ),
            max_size=12,
        )
    )
    totals, counts = _sums(deltas)
    assert {k: (totals[k], counts[k]) for k in totals} == plain(deltas)
