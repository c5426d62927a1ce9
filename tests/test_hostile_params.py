"""No address answers 5xx, whatever its ids and query parameters hold (issue
#13, item 7): every GET route of the matrix, with hostile values in each of
its path ids and in each query parameter it reads."""

# ruff: noqa: F811 — pytest hands the imported fixture `cast` to the tests by name.

import re
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_route_inventory import MATRIX, cast, fill  # noqa: F401 (fixture)

HOSTILE = [
    "5453459132502313882281001877504",
    "9223372036854775808",
    "-3576699",
    "1e400",
    "NaN",
    "0651-09-18",
    "9999-99-99",
    "",
    "Thanh Miện ١٢٣\x00",
]

# Query parameters a route reads besides those its matrix path already shows.
OPTIONAL = {
    "units:tree": ["as_of", "q"],
    "units:detail": ["as_of"],
    "core:audit": ["page"],
    "api:unit-list": ["parent", "as_of", "level", "q", "page", "page_size"],
    "api:unit-children": ["as_of", "page", "page_size"],
    "teams:body_list": ["unit", "active_on", "kind", "status", "q", "page"],
    "teams:member_list": [
        "unit",
        "affiliation",
        "active_on",
        "position",
        "kind",
        "q",
        "page",
    ],
    "teams:member_export": ["active_on"],
    "teams:coverage": ["on"],
    "api:body-list": ["unit", "active_on", "kind", "status", "q", "page_size"],
    "api:body-members": ["page", "page_size"],
    "api:person-list": ["q", "page", "page_size"],
    "api:membership-list": [
        "unit",
        "affiliation",
        "active_on",
        "position",
        "kind",
        "q",
        "page",
        "page_size",
    ],
    "api:activity-list": ["page", "page_size"],
    "api:coverage": ["on"],
    "indicators:report": ["org"],
    "evaluation:ranking": ["set"],
    "evaluation:targets": ["indicator"],
    "api:evaluation": ["set"],
    "dashboards:page": ["indicator"],
    "dashboards:public": ["indicator"],
}
GET_ROUTES = sorted(name for name, spec in MATRIX["routes"].items() if "GET" in spec)


def variants(url: str, name: str, value: str) -> list[tuple[str, dict[str, str]]]:
    """`url` with `value` in one of its path ids or query parameters, each in turn."""
    path, _, query = url.partition("?")
    params = dict(p.split("=", 1) for p in query.split("&") if p)
    out = [
        (path[: m.start(1)] + (value or "x") + path[m.end(1) :], params)
        for m in re.finditer(r"/(\d+)/", path)
    ]
    for key in [*params, *OPTIONAL.get(name, [])]:
        out.append((path, {**params, key: value}))
    return out


@pytest.fixture
def operator_client(cast: dict[str, Any]) -> Client:
    """The operator sees every unit, so each view runs past its scope check;
    the province's public page is switched on for the same reason."""
    from cnscd.dashboards.models import PublicPage

    PublicPage.objects.create(unit_id=cast["ids"]["p"], enabled=True)
    client = Client(raise_request_exception=False)
    client.force_login(cast["users"]["operator"])
    return client


def test_the_optional_parameters_name_routes_that_exist() -> None:
    assert set(OPTIONAL) <= set(GET_ROUTES)


@pytest.mark.parametrize("value", HOSTILE)
def test_no_route_answers_5xx_to_a_hostile_value(
    value: str, operator_client: Client, cast: dict[str, Any]
) -> None:
    failures = []
    for name in GET_ROUTES:
        url = fill(MATRIX["routes"][name]["path"], cast["ids"])
        for path, params in variants(url, name, value):
            status = operator_client.get(path, params).status_code
            if status >= 500:
                failures.append((status, path, params))
    assert failures == []


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (
            "/api/v1/memberships/?affiliation=5453459132502313882281001877504",
            400,
            "Tham số “affiliation” phải là mã số",
        ),
        ("/api/v1/units/?parent=" + "1001" * 7 + "10", 400, "Tham số “parent”"),
        ("/api/v1/units/?page_size=-3576699", 400, "Số dòng mỗi trang “-3576699”"),
        ("/api/v1/units/?page=1e400", 400, "Trang không hợp lệ"),
        ("/api/v1/units/?page=9223372036854775807", 404, "Trang không hợp lệ."),
        ("/api/v1/units/?as_of=0651-09-18", 400, "nằm ngoài khoảng cho phép"),
        ("/api/v1/units/?as_of=9999-99-99", 400, "không có ngày này trên lịch"),
        ("/api/v1/units/12345678901234567890/", 404, "Không tìm thấy."),
        ("/api/v1/bodies/9223372036854775808/", 404, "Không tìm thấy."),
        ("/api/v1/activities/١٢/", 404, "Không tìm thấy."),
        ("/api/v1/activities/?body=" + "9" * 30, 404, "Không tìm thấy."),
        ("/api/v1/pivot/?unit={a}&period=9999W52", 400, "năm nằm ngoài lịch"),
        ("/api/v1/pivot/?unit={a}&period=0001Q1", 400, "nằm ngoài các năm"),
    ],
)
def test_bad_api_parameters_get_a_vietnamese_json_error(
    url: str, status: int, message: str, operator_client: Client, cast: dict[str, Any]
) -> None:
    response = operator_client.get(fill(url, cast["ids"]))
    assert response.status_code == status
    assert message in str(response.json()["detail"])


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/public/9223372036854775808/", 404, ""),
        ("/public/{p}/?period=0000", 400, "năm nằm ngoài lịch"),
        ("/teams/members/?affiliation=" + "9" * 19, 400, "Tham số “affiliation”"),
        ("/teams/members/?page=-1", 400, "Trang không hợp lệ"),
        ("/units/?as_of=0651-09-18", 400, "nằm ngoài khoảng cho phép"),
        ("/teams/coverage/{a}/?on=31/12/1999", 400, "nằm ngoài khoảng cho phép"),
        ("/users/12345678901234567890/", 404, ""),
    ],
)
def test_bad_page_parameters_get_a_vietnamese_page(
    url: str, status: int, message: str, operator_client: Client, cast: dict[str, Any]
) -> None:
    response = operator_client.get(fill(url, cast["ids"]))
    assert response.status_code == status
    assert message in response.content.decode()


ROUTES_WITH_SLOTS = [
    name
    for name in GET_ROUTES
    if "{" in MATRIX["routes"][name]["path"]
    or "?" in MATRIX["routes"][name]["path"]
    or name in OPTIONAL
]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.data(),
    name=st.sampled_from(ROUTES_WITH_SLOTS),
    value=st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
    | st.integers().map(str)
    | st.dates().map(str)
    | st.floats().map(str),
)
def test_random_values_in_any_slot_never_answer_5xx(
    data: st.DataObject,
    name: str,
    value: str,
    operator_client: Client,
    cast: dict[str, Any],
) -> None:
    url = fill(MATRIX["routes"][name]["path"], cast["ids"])
    path, params = data.draw(st.sampled_from(variants(url, name, value)))
    response = operator_client.get(path, params)
    assert response.status_code < 500, (path, params)
