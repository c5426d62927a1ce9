"""Figures recomputed from rows that several people write at once: a unit's
total of its partners' figures, a village's month of its activity log, a
unit's own figure and its child's (ADR 0013). Two
writers that meet (held at a barrier just before recomputing) take turns, so
the stored figure and its roll-up are right. PostgreSQL only: SQLite lets one
writer in at a time anyway."""

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection, connections

from cnscd.accounts.models import Assignment, Organisation
from cnscd.activities import services as activities
from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.indicators import partners, rollups, services, workflow
from cnscd.indicators.models import DataValue, Indicator, Report, Rollup
from cnscd.indicators.selectors import form_get, values_for_units
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body
from conftest import Tree, make_user
from tests.browser.test_evaluation_browser import seeded  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]
Q2 = parse_period("2023Q2")


def together(monkeypatch: Any, module: Any, name: str, *writers: Callable[[], Any]):
    """Run the writers in threads that meet just before `module.name` runs."""
    barrier = threading.Barrier(len(writers), timeout=20)
    original = getattr(module, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    errors: list[BaseException] = []

    def run(writer: Callable[[], Any]) -> None:
        try:
            writer()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []


def test_two_partners_saving_at_once(
    seeded: None,  # noqa: F811
    tree: Tree,
    monkeypatch: Any,
) -> None:
    form = form_get("bc-doanh-nghiep")
    users = {}
    for name in ("Viettel", "VNPT"):
        users[name] = make_user(f"dn.{name.lower()}", None, None)
        Assignment.objects.create(
            user=users[name],
            unit=tree.p,
            role=Role.PARTNER_REPORTER,
            organisation=Organisation.objects.get(short_name=name),
        )

    def save(name: str, figure: str) -> Callable[[], Any]:
        def write() -> None:
            report = workflow.report_for_display(
                form=form,
                unit=tree.p,
                period=Q2,
                organisation=Organisation.objects.get(short_name=name),
            )
            workflow.report_save(
                actor=users[name],
                report=report,
                period=Q2,
                version=report.version,
                raw={"digital_signatures": figure},
            )

        return write

    save("Viettel", "100")()
    together(
        monkeypatch,
        partners,
        "refresh_totals",
        save("Viettel", "200"),
        save("VNPT", "50"),
    )
    stored = dict(
        DataValue.objects.filter(
            unit=tree.p, indicator__code="digital_signatures"
        ).values_list("disaggregation", "value")
    )
    assert stored[""] == 250 and sum(stored.values()) == 500
    rolled = Rollup.objects.get(
        unit=tree.p,
        indicator__code="digital_signatures",
        first_month=Q2.first_month,
        last_month=Q2.last_month,
        container=False,
    )
    assert rolled.total == 250
    assert Report.objects.filter(organisation__isnull=False).count() == 2


def test_two_sessions_logged_at_once(
    seeded: None,  # noqa: F811
    tree: Tree,
    monkeypatch: Any,
) -> None:
    team = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.a1,
        name="Tổ thôn Đông",
        established_on=dt.date(2023, 1, 1),
    )
    leader = make_user("totruong", tree.a1, Role.TEAM_LEADER)
    officer = make_user("xa", tree.a, Role.COMMUNE_OFFICER)

    def log(actor: Any, people: int) -> Callable[[], Any]:
        return lambda: activities.activity_create(
            actor=actor,
            body=team,
            entry=activities.Entry(dt.date(2023, 6, 5), "vneid", people),
        )

    with time_machine.travel("2023-07-03 09:00 +07:00", tick=True):
        log(leader, 10)()
        together(
            monkeypatch, activities, "refresh_month", log(leader, 20), log(officer, 30)
        )
    stored = dict(
        DataValue.objects.filter(unit=tree.a1, period="202306").values_list(
            "indicator__code", "value"
        )
    )
    assert stored == {"activity_sessions": 3, "activity_people_guided": 60}
    month = Rollup.objects.get(
        unit=tree.a,
        indicator__code="activity_people_guided",
        first_month=Q2.first_month + 2,
        last_month=Q2.first_month + 2,
        container=False,
    )
    assert month.total == 60


def test_a_unit_s_figure_and_its_child_s_saved_at_once(
    seeded: None,  # noqa: F811
    tree: Tree,
    monkeypatch: Any,
) -> None:
    """The commune's own figure and its village's arrive together: the commune
    keeps its own figure, the province counts it once."""
    form = form_get("bc-cnscd-xa")
    people = Indicator.objects.get(code="citizens_guided")

    def save(unit: Any, figure: int) -> Callable[[], Any]:
        def write() -> None:
            services.values_store(
                actor=SYSTEM,
                report=services.report_for(form=form, unit=unit, period=Q2),
                period=Q2,
                values=[services.ValueInput(people, Decimal(figure))],
            )

        return write

    save(tree.b1, 7)()
    together(monkeypatch, rollups, "apply", save(tree.a, 100), save(tree.a1, 30))
    got = values_for_units([tree.p, tree.a, tree.a1, tree.b], [people], Q2)
    assert [got[(u.pk, people.pk)] for u in (tree.p, tree.a, tree.a1, tree.b)] == [
        107,
        100,
        30,
        7,
    ]
    assert rollups.rebuild(fix=False).clean
