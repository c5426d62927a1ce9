"""Unit pages: tree, detail, search, villages; query counts stay flat."""

from django.test import Client

from conftest import Tree, client_for


def test_tree_search_finds_thanh_mien_without_diacritics(
    tree: Tree, province_officer
) -> None:
    client = client_for(province_officer)
    for q in ("thanh mien", "THANH MIỆN"):
        body = client.get("/units/", {"q": q}).content.decode()
        assert "Xã Thanh Miện" in body and "Kết quả tìm" in body
    partial = client.get(
        "/units/",
        {"q": "thanh mien", "partial": "results"},
        headers={"HX-Request": "true"},
    )
    html = partial.content.decode()
    assert "Xã Thanh Miện" in html and "<html" not in html


def test_detail_shows_children_with_counts(tree: Tree, province_officer) -> None:
    body = client_for(province_officer).get(f"/units/{tree.p.pk}/").content.decode()
    assert "Xã Thanh Miện" in body and "Xã Bình Minh" in body
    assert "Tỉnh Bên Cạnh" not in body


def test_tree_page_queries_do_not_grow_with_children(
    tree: Tree, province_officer
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cnscd.units.choices import Level
    from conftest import make_unit

    client = client_for(province_officer)
    client.get(f"/units/{tree.p.pk}/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(f"/units/{tree.p.pk}/")
    for i in range(30):
        make_unit(f"9{i:04d}x", f"Xã Thêm {i}", Level.COMMUNE, tree.p)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/units/{tree.p.pk}/")
    assert response.content.decode().count("Xã Thêm") == 30
    assert len(many.captured_queries) == len(few.captured_queries) <= 20


def test_bad_as_of_is_a_vietnamese_400(tree: Tree, commune_a_officer) -> None:
    response = client_for(commune_a_officer).get("/units/", {"as_of": "hôm qua"})
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()


def test_pages_carry_a_strict_csp(tree: Tree, commune_a_officer) -> None:
    response = client_for(commune_a_officer).get("/units/")
    csp = response["Content-Security-Policy"]
    for part in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert part in csp
    assert "unsafe-inline" not in csp
    body = response.content.decode()
    assert "<script" in body and 'nonce="' in body  # htmx is loaded with the nonce


def test_village_create_and_stale_edit_through_pages(
    tree: Tree, commune_a_officer
) -> None:
    client = client_for(commune_a_officer)
    response = client.post(
        f"/units/{tree.a.pk}/villages/new/", {"name": "Thôn Bắc", "unit_type": "thon"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/units/{tree.a.pk}/villages/new/", {"name": "thôn bắc", "unit_type": "thon"}
    )
    assert "đã có" in response.content.decode()
    first = client.post(
        f"/units/{tree.a1.pk}/edit/",
        {"name": "Thôn Một", "unit_type": "thon", "version": 1},
    )
    second = client.post(
        f"/units/{tree.a1.pk}/edit/",
        {"name": "Thôn Hai", "unit_type": "thon", "version": 1},
        follow=True,
    )
    assert first.status_code == 302
    assert "vừa được người khác sửa" in second.content.decode()
    tree.a1.refresh_from_db()
    assert tree.a1.name == "Thôn Một"


def test_village_import_page_dry_run_then_confirm(
    tree: Tree, commune_a_officer
) -> None:
    import io

    client = client_for(commune_a_officer)
    upload = io.BytesIO("Mã xã,Tên thôn\n90001,Thôn Bắc\n90001,Thôn Nam Mới\n".encode())
    upload.name = "thon.csv"
    response = client.post("/units/villages/import/", {"file": upload})
    html = response.content.decode()
    assert "Sẽ tạo mới: <strong>2</strong>" in html and "Thôn Nam Mới" in html
    token = response.context["token"]
    assert tree.a.children.count() == 2
    other = client_for(commune_a_officer)  # another session cannot confirm this upload
    assert (
        other.post(
            "/units/villages/import/", {"confirm": "1", "token": token}
        ).status_code
        == 302
    )
    assert tree.a.children.count() == 2
    response = client.post("/units/villages/import/", {"confirm": "1", "token": token})
    assert response.status_code == 302 and tree.a.children.count() == 4


def test_csrf_is_enforced_on_forms(tree: Tree, commune_a_officer) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_a_officer)
    response = client.post(
        f"/units/{tree.a.pk}/villages/new/", {"name": "Thôn X", "unit_type": "thon"}
    )
    assert response.status_code == 403
    assert tree.a.children.count() == 2
