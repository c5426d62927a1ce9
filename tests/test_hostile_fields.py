"""Bad numbers, dates, ids and periods in every form field (issue #13, the
hostile suite): for every POST route of the matrix, each field of its form —
and the number fields the matrix leaves out — receives hostile values as the
operator (who reaches the deepest code). Never a 5xx; never a stored figure
that is not finite or out of range."""

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnscd.indicators.repair import bad_figures
from conftest import client_for
from tests.test_route_inventory import MATRIX, fill

HOSTILE = [
    "1e400",
    "Infinity",
    "-Infinity",
    "NaN",
    "99999999999999999",
    "5453459132502313882281001877504",
    "-3576699",
    "10^20",
    "0651-09-18",
    "9999-99-99",
    "2023S9",
    "",
    "\u202egnp.exe",
    "١٢٣",
]
# Fields that take a number but are not in the matrix's sample data.
EXTRA = {
    "indicators:report": ["v:citizens_guided", "v:members_trained"],
    "evaluation:targets": ["value", "child"],
    "reports:save": ["issued_on"],
    "teams:member_add": ["birth_year", "started_on", "phone", "affiliation"],
}
FIELDS = sorted(
    (name, key)
    for name, spec in MATRIX["routes"].items()
    if "POST" in spec and "data" in spec["POST"]
    for key in [*spec["POST"]["data"], *EXTRA.get(name, [])]
)


@pytest.mark.parametrize(("name", "field"), FIELDS)
def test_a_hostile_value_in_a_form_field_never_breaks_the_server(
    name: str, field: str, cast: dict[str, Any]
) -> None:
    spec = MATRIX["routes"][name]
    client = client_for(cast["users"]["operator"])
    client.raise_request_exception = False
    url = fill(spec["path"], cast["ids"])
    base = {k: fill(str(v), cast["ids"]) for k, v in spec["POST"]["data"].items()}
    for value in HOSTILE:
        response = client.post(url, {**base, field: value})
        assert response.status_code < 500, f"{name} {field}={value!r}"
    assert bad_figures() == []


NUMBER_FIELDS = [
    ("indicators:report", "v:citizens_guided"),
    ("evaluation:targets", "total"),
    ("activities:new", "people_guided"),
]


@pytest.mark.parametrize(("name", "field"), NUMBER_FIELDS)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    raw=st.one_of(
        st.text(alphabet="0123456789.,eE+-%^ infINFaN", max_size=24),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    )
)
def test_any_number_typed_is_stored_finite_and_bounded_or_refused(
    name: str, field: str, raw: str, cast: dict[str, Any]
) -> None:
    spec = MATRIX["routes"][name]
    client = client_for(cast["users"]["operator"])
    client.raise_request_exception = False
    base = {k: fill(str(v), cast["ids"]) for k, v in spec["POST"]["data"].items()}
    response = client.post(fill(spec["path"], cast["ids"]), {**base, field: raw})
    assert response.status_code < 500, f"{name} {field}={raw!r}"
    assert bad_figures() == []
