"""Many rows in few statements: COPY on PostgreSQL, VALUES lists on SQLite."""

from decimal import Decimal

import pytest
from django.utils import timezone

from cnscd.core import audit, bulk
from cnscd.core.models import AuditEvent
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.indicators.models import Indicator, Rollup
from conftest import Tree, make_user

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


def test_model_instances_are_stored_as_the_orm_would(tree: Tree) -> None:
    """Audit events through `insert_objects`: the moment stamped, the actor's
    row, JSON read back as JSON (jsonb by COPY on PostgreSQL), text intact."""
    user = make_user("nguoi.nhap", tree.a, Role.COMMUNE_OFFICER)
    before = timezone.now()
    events = [
        audit.event(
            actor=user if i % 2 else SYSTEM,
            action="report.values",
            obj=tree.a,
            unit_path=tree.a.path,
            after={"citizens_guided": i, "ghi_chú": 'Thụy "ngoặc"\n', "n": None},
        )
        for i in range(3)
    ]
    bulk.insert_objects(events)
    stored = list(AuditEvent.objects.order_by("pk"))
    assert [e.after for e in stored] == [
        {"citizens_guided": i, "ghi_chú": 'Thụy "ngoặc"\n', "n": None} for i in range(3)
    ]
    assert [e.actor_id for e in stored] == [None, user.pk, None]
    assert [e.actor_name for e in stored] == [
        "hệ thống (dòng lệnh)",
        "nguoi.nhap",
        "hệ thống (dòng lệnh)",
    ]
    assert all(e.at >= before and e.before is None for e in stored)
    assert {e.object_id for e in stored} == {str(tree.a.pk)}
    bulk.insert_objects([])
    assert AuditEvent.objects.count() == 3
