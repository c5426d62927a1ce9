"""Every route × method × persona has a stated expectation (SECURITY Z1, Z2, Z7, Z10)."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.urls import URLPattern, URLResolver, get_resolver

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


CASES = [
    (name, method, persona)
    for name, spec in MATRIX["routes"].items()
    for method in ("GET", "POST")
    if method in spec
    for persona in PERSONAS
]


def expected(spec: dict[str, Any], method: str, persona: str) -> int:
    table = spec[method]["expect"] if method == "POST" else spec[method]
    return int(table.get(persona, table["default"]))


@pytest.fixture
def cast(request: pytest.FixtureRequest, tree: Any) -> dict[str, Any]:
    users = {p: request.getfixturevalue(p) for p in PERSONAS[2:]}
    users["no_scope"] = request.getfixturevalue("no_scope_user")
    users["anon"] = None
    officer = users["commune_a_officer"]
    ids = {
        "a": tree.a.pk,
        "a1": tree.a1.pk,
        "user_a": officer.pk,
        "assignment_a": officer.assignments.get().pk,
    }
    return {"users": users, "ids": ids}


def fill(text: str, ids: dict[str, int]) -> str:
    for key, value in ids.items():
        text = text.replace("{" + key + "}", str(value))
    return text


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
    if method == "GET":
        response = client.get(url)
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
