"""Every route × method × persona has a stated expectation (SECURITY Z1, Z2, Z7, Z10)."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from cnscd.accounts.models import User
from cnscd.core.models import AuditEvent
from cnscd.units.models import AdministrativeUnit
from conftest import client_for

MATRIX = yaml.safe_load((Path(__file__).parent / "authz_matrix.yaml").read_text())
PERSONAS = [
    "anon",
    "no_scope",
    "team_a_leader",
    "commune_a_officer",
    "commune_b_officer",
    "province_officer",
    "p2_officer",
    "operator",
    "partner_reporter",
]


def route_names() -> set[str]:
    def walk(patterns: list[Any], ns: str = "") -> Any:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(
                    p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns
                )
            elif isinstance(p, URLPattern):
                yield f"{ns}{p.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_route_has_an_authorisation_expectation() -> None:
    described = set(MATRIX["routes"]) | set(MATRIX["auth_routes"])
    routes = route_names()
    assert routes - described == set(), "routes without an entry in authz_matrix.yaml"
    assert described - routes == set(), "entries for routes that no longer exist"


METHODS = ("GET", "POST", "PATCH")
CASES = [
    (name, method, persona)
    for name, spec in MATRIX["routes"].items()
    for method in METHODS
    if method in spec
    for persona in PERSONAS
]


def expected(spec: dict[str, Any], method: str, persona: str) -> int:
    table = spec[method] if method == "GET" else spec[method]["expect"]
    return int(table.get(persona, table["default"]))


@pytest.fixture
def cast(
    request: pytest.FixtureRequest, tree: Any, settings: Any, tmp_path: Any
) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    users = {p: request.getfixturevalue(p) for p in PERSONAS[2:]}
    users["no_scope"] = request.getfixturevalue("no_scope_user")
    users["anon"] = None
    officer = users["commune_a_officer"]
    network = build_network(tree)
    ids = {
        "p": tree.p.pk,
        "a": tree.a.pk,
        "a1": tree.a1.pk,
        "a2": tree.a2.pk,
        "user_a": officer.pk,
        "assignment_a": officer.assignments.get().pk,
        "today": str(timezone.localdate()),
        **network,
        **build_evaluation(tree),
        **build_report_file(tree),
    }
    return {"users": users, "ids": ids}


def fill(text: str, ids: dict[str, Any]) -> str:
    for key, value in ids.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def fill_json(data: dict[str, Any], ids: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = fill(value, ids)
            value = int(value) if value.isdigit() and key in ("unit", "body") else value
        out[key] = value
    return out


def build_network(tree: Any) -> dict[str, Any]:
    """A team in village A1 with one member and a decision (scan attached), and a
    team in village A2 with one member."""
    from django.core.files.base import ContentFile

    from cnscd.activities.choices import ActivityKind
    from cnscd.activities.models import Activity
    from cnscd.teams.choices import BodyKind, DecisionKind, Position
    from cnscd.teams.models import Body, Decision, Membership, Person

    team = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ CNSCĐ Thôn Đông"
    )
    team2 = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM, unit=tree.a2, name="Tổ CNSCĐ Thôn Đoài"
    )
    person = Person.objects.create(
        full_name="Nguyễn Văn An", search_key="nguyen van an", phone="0912345678"
    )
    person2 = Person.objects.create(
        full_name="Nguyễn Văn An", search_key="nguyen van an"
    )
    membership = Membership.objects.create(
        person=person, body=team, position=Position.LEADER
    )
    Membership.objects.create(person=person2, body=team2, position=Position.MEMBER)
    decision = Decision.objects.create(
        body=team,
        kind=DecisionKind.ESTABLISH,
        number="5/QĐ-UBND",
        signed_on=dt.date(2022, 6, 1),
        issuer="UBND xã Thanh Miện",
    )
    decision.scan.save("qd.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    activity = Activity.objects.create(
        body=team,
        unit=tree.a1,
        held_on=dt.date(2023, 6, 10),
        kind=ActivityKind.VNEID,
        people_guided=20,
    )
    return {
        "activity_a1": activity.pk,
        "team_a1": team.pk,
        "membership_a1": membership.pk,
        "person_a1": person.pk,
        "person_a2": person2.pk,
        "decision_a1": decision.pk,
    }


def build_evaluation(tree: Any) -> dict[str, Any]:
    """Commune A's score sheet under the starter set, with an evidence file."""
    from cnscd.evaluation.models import (
        CriteriaSet,
        Criterion,
        CriterionScore,
        Evaluation,
    )
    from cnscd.evaluation.services import _store_evidence

    starter = CriteriaSet.objects.get(code="cnscd-du-thao-dia-phuong")
    sheet = Evaluation.objects.create(
        criteria_set=starter, unit=tree.a, period="202306"
    )
    criterion = Criterion.objects.get(group__criteria_set=starter, number="8")
    score = CriterionScore(
        evaluation=sheet,
        criterion=criterion,
        number="8",
        name=criterion.name,
        max_points=criterion.max_points,
        rule_text=criterion.rule_text,
    )
    _store_evidence(score, b"%PDF-1.4\n%%EOF\n", "bien-ban.pdf")
    score.save()
    return {"score_a": score.pk, "set": starter.pk}


def build_report_file(tree: Any) -> dict[str, Any]:
    """A report file of commune A, made as the system."""
    from cnscd.core.periods import parse_period
    from cnscd.core.system import SYSTEM
    from cnscd.reports.services import generate_to_file

    row = generate_to_file(
        unit=tree.a, period=parse_period("202306"), fmt="xlsx", actor=SYSTEM
    )
    return {"report_file_a": row.pk}


def guarded_rows() -> list[list[dict[str, Any]]]:
    """Every row a refused request must leave as it was: targets, score sheets,
    report documents and files, templates, public pages, committees, teams,
    decisions, people, memberships, indicator reports, values, roll-ups,
    activities and header mappings."""
    from cnscd.activities.models import Activity
    from cnscd.dashboards.models import PublicPage
    from cnscd.evaluation.models import CriterionScore, Evaluation, Target
    from cnscd.indicators.models import DataValue, HeaderMapping, Report, Rollup
    from cnscd.reports.models import GeneratedReport, ReportDocument, ReportTemplate
    from cnscd.teams.models import Body, Decision, Membership, Person

    return [
        list(m.objects.order_by("pk").values())
        for m in (
            Target,
            Evaluation,
            CriterionScore,
            ReportDocument,
            GeneratedReport,
            ReportTemplate,
            PublicPage,
            Body,
            Decision,
            Person,
            Membership,
            Report,
            DataValue,
            Rollup,
            Activity,
            HeaderMapping,
        )
    ]


def snapshot() -> list[list[dict[str, Any]]]:
    """Every row of the tables a route could change."""
    from cnscd.accounts.models import Assignment, Organisation
    from cnscd.teams.models import Body, Decision, Membership, Person

    models = [
        AdministrativeUnit,
        User,
        Assignment,
        Organisation,
        Body,
        Decision,
        Membership,
        Person,
    ]
    return [list(m.objects.order_by("pk").values()) for m in models]


@pytest.mark.parametrize(("name", "method", "persona"), CASES)
def test_route_answers_as_the_matrix_says(
    name: str, method: str, persona: str, cast: dict[str, Any]
) -> None:
    spec = MATRIX["routes"][name]
    client = client_for(cast["users"][persona])
    url = fill(spec["path"], cast["ids"])
    before_units = list(AdministrativeUnit.objects.order_by("pk").values())
    before_users = list(
        User.objects.order_by("pk").values("pk", "is_active", "password")
    )
    before_rows = guarded_rows()
    if method == "GET":
        response = client.get(url)
    elif "json" in spec[method]:
        payload = fill_json(spec[method]["json"], cast["ids"])
        send = client.patch if method == "PATCH" else client.post
        response = send(url, payload, content_type="application/json")
    else:
        data = {k: fill(str(v), cast["ids"]) for k, v in spec["POST"]["data"].items()}
        response = client.post(url, data)
    want = expected(spec, method, persona)
    assert response.status_code == want, f"{method} {url} as {persona}"
    if want in (401, 403, 404) or (persona == "anon"):
        # A refused request changes nothing and shows no unit of another scope.
        assert list(AdministrativeUnit.objects.order_by("pk").values()) == before_units
        assert (
            list(User.objects.order_by("pk").values("pk", "is_active", "password"))
            == before_users
        )
        assert guarded_rows() == before_rows
        body = response.content.decode(errors="replace")
        assert "Xã Thanh Miện" not in body or persona in (
            "commune_a_officer",
            "province_officer",
            "operator",
        )
        assert not AuditEvent.objects.exclude(action="auth.denied").exists()
        if want in (403, 404) and persona != "anon":
            denied = AuditEvent.objects.get(action="auth.denied")
            assert denied.actor == cast["users"][persona] and url in denied.message


@pytest.mark.parametrize("name", sorted(MATRIX["auth_routes"]))
def test_auth_routes_answer_anonymous_users_without_errors(name: str, db: None) -> None:
    spec = MATRIX["auth_routes"][name]
    response = client_for(None).get(spec["path"])
    assert response.status_code == spec["anon"], spec["path"]


def test_other_province_never_sees_commune_a_anywhere(cast: dict[str, Any]) -> None:
    client = client_for(cast["users"]["p2_officer"])
    for url in [
        "/units/",
        "/units/?q=thanh",
        "/api/v1/units/?q=thanh",
        "/api/v1/units/?page_size=10000",
        f"/api/v1/units/?parent={cast['ids']['a']}",
        "/users/",
        "/audit/",
    ]:
        body = client.get(url).content.decode()
        assert "Thanh Miện" not in body, url
