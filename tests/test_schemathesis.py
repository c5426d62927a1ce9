"""The API answers as its OpenAPI schema says (issue #13, item 9).

Schemathesis reads the schema /api/v1/schema/ serves (made in-process when
the module is collected; cnscd/api/tests/test_schema.py checks the two are
the same) and sends every operation generated requests — valid ones and
invalid ones — with each persona's API token and with none, through Django's
WSGI handler inside the test's transaction (the fixture tree, personas and
network of tests/test_route_inventory.py). Its default checks run on every
response: no server error, a documented status code, content type, headers
and body, invalid data refused, valid data accepted (for writes, adapted:
`valid_write_refused_only_by_a_rule`), an unsupported method answered 405,
credentials not ignored.

The run is deterministic (derandomized, no example database) and bounded:
a few examples per operation and generation mode, so that the six personas
take about three minutes on two cores.
"""

# ruff: noqa: F811 — pytest hands the imported fixture `cast` to the tests by name.

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import Case, GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.test_route_inventory import cast  # noqa: F401 (fixture)

PERSONAS = [
    "anon",
    "team_a_leader",
    "commune_a_officer",
    "province_officer",
    "partner_reporter",
    "operator",
]
MAX_EXAMPLES = 6

# Which fixture ids a path id, a query parameter or a body field may take
# besides what Schemathesis draws (random ids almost never name a row, and
# every answer would be a 404): rows in and out of each persona's scope.
PATH_IDS = {
    "/api/v1/units/": ("a", "a1", "p", "a2"),
    "/api/v1/coverage/": ("a", "p"),
    "/api/v1/bodies/": ("team_a1",),
    "/api/v1/people/": ("person_a1", "person_a2"),
    "/api/v1/memberships/": ("membership_a1",),
    "/api/v1/activities/": ("activity_a1",),
    "/api/v1/reports/": ("report_file_a",),
}
FIELD_IDS = {
    "unit": ("a", "p", "a1", "a2"),
    "parent": ("a", "p"),
    "body": ("team_a1",),
    "set": ("set",),
}


# The rows of the running test's fixture (ids differ between tests and engines)
# and the answers so far, by persona and status, for the summary at the end.
FIXTURE_IDS: dict[str, int] = {}
CURRENT = {"persona": ""}
ANSWERS: Counter[tuple[str, int]] = Counter()


def _generated_schema() -> dict[str, Any]:
    """The schema /api/v1/schema/ serves, made without a request (collection
    runs before any database exists)."""
    from drf_spectacular.generators import SchemaGenerator

    return dict(SchemaGenerator().get_schema(request=None, public=True))


class CountingApp:
    """Django's WSGI handler, counting the answers by status code."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        def counting_start_response(status: str, headers: Any, *args: Any) -> Any:
            ANSWERS[CURRENT["persona"], int(status.split()[0])] += 1
            return start_response(status, headers, *args)

        return self.handler(environ, counting_start_response)


APP = CountingApp()
schema = schemathesis.openapi.from_dict(_generated_schema())
schema.app = APP  # also for the requests the checks send themselves


@schema.hook
def flatmap_case(context: Any, case: Case) -> Any:
    """A valid case may also name the fixture's rows, in and out of scope."""
    meta = case.meta
    if meta is None or meta.generation.mode is not GenerationMode.POSITIVE:
        return st.just(case)
    return st.one_of(
        st.just(case),
        st.randoms(use_true_random=False).map(lambda rnd: _with_fixture_ids(case, rnd)),
    )


def _with_fixture_ids(original: Case, rnd: Any) -> Case:
    case = original.derive(keep_auth=True)
    ids = FIXTURE_IDS
    for prefix, keys in PATH_IDS.items():
        if case.path.startswith(prefix) and case.path_parameters:
            name = next(iter(case.path_parameters))
            case.path_parameters = {**case.path_parameters, name: ids[rnd.choice(keys)]}
    if case.query:
        case.query = {
            k: ids[rnd.choice(FIELD_IDS[k])] if k in FIELD_IDS else v
            for k, v in case.query.items()
        }
    if isinstance(case.body, dict):
        case.body = {
            k: ids[rnd.choice(FIELD_IDS[k])] if k in FIELD_IDS else v
            for k, v in case.body.items()
        }
    return case


@pytest.fixture(scope="module")
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    """The figures of the run, after the last test: requests per persona and
    answers by status."""
    ANSWERS.clear()
    yield
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None or capture is None or not ANSWERS:
        return
    operations = sum(1 for _ in schema.get_all_operations())
    with capture.global_and_fixture_disabled():
        reporter.write_line(
            f"\nschemathesis: {operations} operations, {sum(ANSWERS.values())} requests"
        )
        for persona in PERSONAS:
            statuses = {s: n for (p, s), n in sorted(ANSWERS.items()) if p == persona}
            if statuses:
                reporter.write_line(
                    f"  {persona}: {sum(statuses.values())} requests {statuses}"
                )


@pytest.fixture
def app(cast: dict[str, Any], persona: str, summary: None) -> Iterator[CountingApp]:
    """The app inside the test's transaction, as Django's test client runs it
    (the handler otherwise closes the connection after each request)."""
    FIXTURE_IDS.clear()
    FIXTURE_IDS.update(cast["ids"])
    CURRENT["persona"] = persona
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield APP
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(cast: dict[str, Any], persona: str) -> dict[str, str]:
    user = cast["users"][persona]
    if user is None:
        return {}
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


WRITES = ("POST", "PATCH")
# Field refusals of a valid write that no schema can foresee, each because
# the field names another row (or must not repeat one). Any other field
# refusal means the schema failed to describe that field.
RULES = {
    ("POST", "/api/v1/organisations/"): {"name"},  # unique among organisations
    ("POST", "/api/v1/memberships/"): {"affiliation"},  # names no organisation
    ("PATCH", "/api/v1/memberships/{id}/"): {"affiliation"},  # names no organisation
}


def valid_write_refused_only_by_a_rule(ctx: Any, response: Any, case: Case) -> None:
    """`positive_data_acceptance` for writes, knowing what no schema can say.

    A write the schema admits may still break a rule a service checks against
    the database or the calendar — a day still to come, a member who already
    left, a stale version — and is refused with `{"detail": …}` (400) or
    412/428; or name a row that does not exist (RULES). A refusal naming any
    other field comes from the serializer: the schema failed to describe it.
    """
    meta = case.meta
    if meta is None or meta.generation.mode is not GenerationMode.POSITIVE:
        return
    status = response.status_code
    if status < 400 or status in (401, 403, 404, 409, 412, 428):
        return
    if status == 400:
        named = set(response.json())
        if named == {"detail"} or named <= RULES.get((case.method, case.path), set()):
            return
    raise AssertionError(
        f"A valid {case.method} was refused ({status}): {response.text[:300]}"
    )


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
@pytest.mark.parametrize("persona", PERSONAS)
@schema.parametrize()
def test_api_answers_as_its_schema_says(
    case: Case, app: CountingApp, auth_headers: dict[str, str]
) -> None:
    if case.method in WRITES:
        case.call_and_validate(
            headers=auth_headers,
            excluded_checks=[positive_data_acceptance],
            additional_checks=[valid_write_refused_only_by_a_rule],
        )
    else:
        case.call_and_validate(headers=auth_headers)
