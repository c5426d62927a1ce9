"""Many rows in few statements: COPY on PostgreSQL, VALUES lists on SQLite."""

from decimal import Decimal

import pytest

from cnscd.core import bulk
from cnscd.indicators.models import Indicator, Rollup
from conftest import Tree

pytestmark = pytest.mark.django_db


def test_insert_and_update_more_rows_than_one_statement_holds(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "BATCH", 7)
    indicator = Indicator.objects.get(code="citizens_guided")
    rows = [
        (tree.a.pk, indicator.pk, 202300 + m, 202300 + m, False, Decimal("1.5"), 1)
        for m in range(1, 13)
    ] + [(tree.b.pk, indicator.pk, 202401, 202401, True, Decimal(10), 2)]
    columns = (
        "unit_id",
        "indicator_id",
        "first_month",
        "last_month",
        "container",
        "total",
        "count",
    )
    bulk.insert("indicators_rollup", columns, rows)
    assert Rollup.objects.count() == 13
    assert Rollup.objects.get(unit=tree.b).container is True
    ids = list(Rollup.objects.filter(unit=tree.a).values_list("pk", flat=True))
    bulk.update_from(
        "v(id, total)",
        "UPDATE indicators_rollup SET total = indicators_rollup.total + v.total "
        "FROM v WHERE indicators_rollup.id = v.id",
        [(pk, Decimal(2)) for pk in ids],
    )
    assert {r.total for r in Rollup.objects.filter(unit=tree.a)} == {Decimal("3.5")}


def test_only_plain_names_reach_the_sql() -> None:
    with pytest.raises(ValueError, match="not a table or column name"):
        bulk.insert("indicators_rollup; DROP TABLE x", ("unit_id",), [(1,)])
