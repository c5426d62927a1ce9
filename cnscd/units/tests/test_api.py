"""The units API: same scope as the pages, Vietnamese errors, a valid schema."""

import pytest
import yaml
from rest_framework.authtoken.models import Token

from conftest import Tree, client_for


def test_list_filters_by_parent_level_as_of_and_q(tree: Tree, province_officer) -> None:
    api = client_for(province_officer)
    body = api.get(f"/api/v1/units/?parent={tree.p.pk}").json()
    assert [u["name"] for u in body["results"]] == ["Xã Thanh Miện", "Xã Bình Minh"]
    assert body["count"] == 2
    body = api.get("/api/v1/units/?level=village&q=DONG").json()
    assert [u["name"] for u in body["results"]] == ["Thôn Đông"]
    assert api.get("/api/v1/units/?as_of=2025-07-01").json()["count"] == 0
    assert api.get("/api/v1/units/?as_of=2025-06-30").json()["count"] == 6


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_of=30-02-2025", "không hợp lệ"),
        ("level=huyen", "không hợp lệ"),
        ("parent=abc", "parent"),
        ("page=999", "Trang không hợp lệ"),
        ("as_of=" + "9" * 5000, "không hợp lệ"),
    ],
)
def test_malformed_parameters_get_a_vietnamese_400(
    tree: Tree, commune_a_officer, query: str, message: str
) -> None:
    response = client_for(commune_a_officer).get(f"/api/v1/units/?{query}")
    assert response.status_code in (400, 404)
    assert message in str(response.json()["detail"])


def test_page_size_is_capped(tree: Tree, operator) -> None:
    body = client_for(operator).get("/api/v1/units/?page_size=1000000").json()
    assert body["count"] == 8 and len(body["results"]) == 8


def test_children_with_counts_and_scope(
    tree: Tree, commune_a_officer, commune_b_officer
) -> None:
    body = (
        client_for(commune_a_officer).get(f"/api/v1/units/{tree.a.pk}/children/").json()
    )
    assert [
        (u["name"], u["child_count"], u["village_count"]) for u in body["results"]
    ] == [("Thôn Đoài", 0, 0), ("Thôn Đông", 0, 0)]
    response = client_for(commune_b_officer).get(f"/api/v1/units/{tree.a.pk}/children/")
    assert response.status_code == 404 and response.json() == {
        "detail": "Không tìm thấy."
    }


def test_token_authentication_and_read_only(tree: Tree, commune_a_officer) -> None:
    token = Token.objects.create(user=commune_a_officer)
    api = client_for(None)
    headers = {"Authorization": f"Token {token.key}"}
    assert api.get("/api/v1/units/", headers=headers).json()["count"] == 3
    assert (
        api.get("/api/v1/units/", headers={"Authorization": "Token sai"}).status_code
        == 401
    )
    assert api.delete(f"/api/v1/units/{tree.a.pk}/", headers=headers).status_code == 405
    assert api.post("/api/v1/units/", {}, headers=headers).status_code == 405


def test_openapi_schema_is_valid_and_documents_the_filters(
    tree: Tree, commune_a_officer
) -> None:
    from drf_spectacular.validation import validate_schema

    response = client_for(commune_a_officer).get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    params = {p["name"] for p in schema["paths"]["/api/v1/units/"]["get"]["parameters"]}
    assert {"parent", "level", "as_of", "q", "page", "page_size"} <= params
    assert "/api/v1/units/{id}/children/" in schema["paths"]
