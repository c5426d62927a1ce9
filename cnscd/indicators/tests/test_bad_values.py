"""A typed number can no longer break the pages above it (issue #13, item 2):
every path refuses a non-finite, negative or too large figure with a
Vietnamese message, the database refuses it too, and an installation that
already holds one finds and repairs it."""

import contextlib
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from cnscd.core.models import AuditEvent
from cnscd.core.numbers import MAX_FIGURE
from cnscd.evaluation.models import Target
from cnscd.indicators.models import DataValue, Indicator, Rollup
from cnscd.indicators.repair import bad_figures
from cnscd.indicators.tests.test_workflow import VALUES
from conftest import Tree, client_for

BAD = ["1e400", "Infinity", "NaN", "99999999999999999", "10^20", "-5"]
# What a database can hold that is not a figure: PostgreSQL's numeric(20, 4)
# cannot hold an infinity but holds NaN; SQLite keeps 9e999 as an infinite REAL.
NOT_FINITE = {"postgresql": "'NaN'", "sqlite": "9e999"}
GRID = "/indicators/report/?unit={}&period=202306&form=bc-cnscd-xa"


@pytest.mark.parametrize("raw", BAD)
def test_the_report_grid_refuses_a_bad_figure_on_its_field(
    tree: Tree, commune_a_officer, raw: str
) -> None:
    client = client_for(commune_a_officer)
    data = {f"v:{k}": v for k, v in VALUES.items()}
    page = client.post(
        GRID.format(tree.a.pk),
        {**data, "v:citizens_guided": raw, "version": 1, "action": "save"},
    )
    assert page.status_code == 200
    assert "invalid-feedback" in page.content.decode()
    assert not DataValue.objects.exists() and not Rollup.objects.exists()
    # The page above still answers.
    assert client.get(f"/dashboard/?unit={tree.a.pk}").status_code == 200


def test_a_figure_above_the_indicators_maximum_is_refused(
    tree: Tree, commune_a_officer
) -> None:
    people = Indicator.objects.get(code="citizens_guided")
    assert people.maximum == 200_000_000
    client = client_for(commune_a_officer)
    data = {f"v:{k}": v for k, v in VALUES.items()}
    page = client.post(
        GRID.format(tree.a.pk),
        {**data, "v:citizens_guided": "300.000.000", "version": 1, "action": "save"},
    ).content.decode()
    assert "lớn hơn mức tối đa cho phép (200.000.000)" in page
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("raw", BAD)
def test_targets_refuse_a_bad_figure(tree: Tree, province_officer, raw: str) -> None:
    client = client_for(province_officer)
    url = f"/evaluation/targets/?unit={tree.p.pk}&period=2023S1"
    for data in (
        {"indicator": "citizens_guided", "child": tree.a.pk, "value": raw},
        {
            "indicator": "citizens_guided",
            "action": "distribute",
            "total": raw,
            "method": "equal",
        },
    ):
        page = client.post(url, data, follow=True)
        assert page.status_code == 200
        assert "alert-danger" in page.content.decode()
    assert not Target.objects.exists()


def test_the_database_refuses_what_no_path_may_store(
    tree: Tree, commune_a_officer
) -> None:
    people = Indicator.objects.get(code="citizens_guided")
    for value in (MAX_FIGURE + 1, Decimal(-1)):
        with pytest.raises(IntegrityError), transaction.atomic():
            DataValue.objects.create(
                indicator=people,
                unit=tree.a,
                period="202306",
                first_month=24281,
                last_month=24281,
                value=value,
                source="entered",
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Target.objects.create(
                unit=tree.a,
                indicator=people,
                period="2023S1",
                value=value,
                method="manual",
            )
    # Plain SQL cannot store an infinity either (the ORM refuses it already).
    row = DataValue.objects.create(
        indicator=people,
        unit=tree.a,
        period="202306",
        first_month=24281,
        last_month=24281,
        value=Decimal(5),
        source="entered",
    )
    infinity = NOT_FINITE[connection.vendor]
    for sql in [
        f"UPDATE indicators_datavalue SET value = {infinity} WHERE id = {row.pk}",
        "INSERT INTO evaluation_target (unit_id, indicator_id, period, value, "
        "method, overridden, updated_at, version) VALUES "
        f"({tree.a.pk}, {people.pk}, '2023S1', {infinity}, 'manual', false, "
        "CURRENT_TIMESTAMP, 1)",
    ]:
        with (
            pytest.raises(IntegrityError),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)


@contextlib.contextmanager
def without_range_checks() -> Iterator[None]:
    """The database as an installation upgraded from before the checks: the
    range constraints of values and roll-ups dropped for the test's length
    (SQLite rebuilds the table from the model's constraints, hence the swap)."""
    checks = {
        DataValue: "data_value_in_range",
        Rollup: "rollup_total_finite",
    }
    saved = {m: list(m._meta.constraints) for m in checks}
    try:
        for model, name in checks.items():
            dropped = next(c for c in saved[model] if c.name == name)
            model._meta.constraints = [c for c in saved[model] if c is not dropped]
            with connection.schema_editor() as editor:
                editor.remove_constraint(model, dropped)
        yield
    finally:
        for model, name in checks.items():
            model._meta.constraints = saved[model]
            with connection.schema_editor() as editor:
                editor.add_constraint(
                    model, next(c for c in saved[model] if c.name == name)
                )


@pytest.mark.django_db(transaction=True)
def test_a_stored_infinity_is_found_and_repaired(tree: Tree, commune_a_officer):
    """An installation that stored "1e400" before this release: the check finds
    it, the repair removes it (audited) and the pages answer again."""
    from cnscd.core.periods import parse_period
    from cnscd.indicators import workflow
    from cnscd.indicators.selectors import form_get

    period = parse_period("202306")
    report = workflow.report_for_display(
        form=form_get("bc-cnscd-xa"), unit=tree.a, period=period
    )
    workflow.report_save(
        actor=commune_a_officer, report=report, period=period, version=1, raw=VALUES
    )
    with without_range_checks():
        infinity = NOT_FINITE[connection.vendor]
        people = Indicator.objects.get(code="citizens_guided")
        with connection.cursor() as cursor:
            for table, column, where in [
                ("indicators_datavalue", "value", f"indicator_id = {people.pk}"),
                ("indicators_rollup", "total", f"indicator_id = {people.pk}"),
            ]:
                cursor.execute(
                    f"UPDATE {table} SET {column} = {infinity} WHERE {where}"
                )
        found = bad_figures()
        assert [(b.kind, b.unit, b.indicator) for b in found] == [
            ("value", "Xã Thanh Miện", "Số người dân được hướng dẫn")
        ]
        out = io.StringIO()
        with pytest.raises(SystemExit):
            call_command("rebuild_rollups", "--check", stdout=out)
        assert "giá trị lưu “" in out.getvalue()
        assert "cnscd repair_values --fix" in out.getvalue()
        out = io.StringIO()
        call_command("repair_values", "--fix", stdout=out)
        assert "Đã xóa 1 giá trị không hợp lệ" in out.getvalue()
        assert bad_figures() == []
        assert not DataValue.objects.filter(indicator=people).exists()
        event = AuditEvent.objects.get(action="value.repaired")
        assert event.before["stored"].lower().startswith(("inf", "nan"))
        out = io.StringIO()
        call_command("rebuild_rollups", "--check", stdout=out)
        assert "khớp số liệu gốc" in out.getvalue()
        assert (
            client_for(commune_a_officer)
            .get(f"/dashboard/?unit={tree.a.pk}")
            .status_code
            == 200
        )


def test_a_value_above_a_lowered_maximum_is_reported(
    tree: Tree, commune_a_officer
) -> None:
    """An indicator's maximum lowered after values were stored: the check
    reports them rather than hiding them."""
    from cnscd.core.periods import parse_period
    from cnscd.indicators import workflow
    from cnscd.indicators.selectors import form_get

    period = parse_period("202306")
    report = workflow.report_for_display(
        form=form_get("bc-cnscd-xa"), unit=tree.a, period=period
    )
    workflow.report_save(
        actor=commune_a_officer, report=report, period=period, version=1, raw=VALUES
    )
    Indicator.objects.filter(code="citizens_guided").update(max_value=1000)
    found = bad_figures()
    assert [(b.kind, b.stored[:4]) for b in found] == [("value", "1200")]
