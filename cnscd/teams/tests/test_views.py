"""Team pages: lists, detail, forms, import flow, coverage section."""

import datetime as dt
import io

from cnscd.teams.choices import BodyKind, Position
from cnscd.teams.models import Body, Membership
from cnscd.teams.tests.test_imports import ROWS, xlsx
from conftest import Tree, client_for


def test_create_team_add_members_and_see_them(tree: Tree, commune_a_officer) -> None:
    client = client_for(commune_a_officer)
    response = client.post(
        f"/teams/new/?unit={tree.a1.pk}", {"kind": BodyKind.COMMUNITY_TEAM, "name": ""}
    )
    team = Body.objects.get(unit=tree.a1)
    assert (
        response["Location"] == f"/teams/{team.pk}/"
        and team.name == "Tổ CNSCĐ Thôn Đông"
    )
    response = client.post(
        f"/teams/{team.pk}/members/new/",
        {
            "full_name": "Nguyễn  Thị   Hoa",
            "sex": "female",
            "birth_year": 1990,
            "phone": "0912 345 678",
            "position": Position.LEADER,
            "affiliation": "",
            "affiliation_text": "HTX Nông nghiệp",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert "Nguyễn Thị Hoa" in page and "0912 345 678" in page and "Tổ trưởng" in page
    members = client.get(
        "/teams/members/", {"unit": tree.a.pk, "q": "hoa"}
    ).content.decode()
    assert "Nguyễn Thị Hoa" in members and "HTX Nông nghiệp" in members


def test_bad_member_input_is_shown_in_vietnamese_and_nothing_is_saved(
    tree: Tree, commune_a_officer
) -> None:
    team = Body.objects.create(kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ A1")
    response = client_for(commune_a_officer).post(
        f"/teams/{team.pk}/members/new/",
        {
            "full_name": "Trần Văn B",
            "phone": "12345",
            "position": Position.MEMBER,
        },
    )
    assert response.status_code == 200
    assert "Số điện thoại “12345” không hợp lệ" in response.content.decode()
    assert not Membership.objects.exists()


def test_membership_stale_edit_is_refused(tree: Tree, commune_a_officer) -> None:
    team = Body.objects.create(kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ A1")
    from cnscd.teams import people

    m = people.membership_add(
        actor=commune_a_officer,
        body=team,
        person_fields={"full_name": "Lê C"},
        position=Position.MEMBER,
    )
    client = client_for(commune_a_officer)
    assert (
        client.post(
            f"/teams/memberships/{m.pk}/edit/",
            {"position": Position.DEPUTY, "version": 1},
        ).status_code
        == 302
    )
    second = client.post(
        f"/teams/memberships/{m.pk}/edit/",
        {"position": Position.LEADER, "version": 1},
        follow=True,
    )
    assert "vừa được người khác sửa" in second.content.decode()
    m.refresh_from_db()
    assert m.position == Position.DEPUTY


def test_import_page_dry_run_then_confirm(tree: Tree, commune_a_officer) -> None:
    client = client_for(commune_a_officer)
    upload = io.BytesIO(xlsx(ROWS))
    upload.name = "danh-sach.xlsx"
    response = client.post(f"/teams/import/?unit={tree.a.pk}", {"file": upload})
    html = response.content.decode()
    assert "Tạo mới <strong>5</strong>" in html and "Xác nhận lưu" in html
    assert not Membership.objects.exists()
    token = response.context["token"]
    response = client.post(
        f"/teams/import/?unit={tree.a.pk}", {"confirm": "1", "token": token}
    )
    assert response.status_code == 302 and Membership.objects.count() == 5


def test_import_page_shows_rejected_rows(tree: Tree, commune_a_officer) -> None:
    upload = io.BytesIO(
        xlsx([[1, "Tên", "Nam", 1980, "Tổ viên", "", "0123", "Thôn Đông"]])
    )
    upload.name = "x.xlsx"
    html = (
        client_for(commune_a_officer)
        .post(f"/teams/import/?unit={tree.a.pk}", {"file": upload})
        .content.decode()
    )
    assert (
        "chưa lưu gì" in html
        and "Số điện thoại “0123” không hợp lệ" in html
        and "Xác nhận lưu" not in html
    )


def test_coverage_partial_for_the_unit_page(tree: Tree, province_officer) -> None:
    Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.a1,
        name="Tổ A1",
        established_on=dt.date(2022, 1, 1),
    )
    html = (
        client_for(province_officer)
        .get(f"/teams/coverage/{tree.p.pk}/", {"partial": "1", "on": "2024-01-01"})
        .content.decode()
    )
    assert "Mạng lưới Tổ CNSCĐ" in html and "<html" not in html
    assert "1/3 thôn có tổ" in html and "66,7%" in html
    unit_page = (
        client_for(province_officer).get(f"/units/{tree.p.pk}/").content.decode()
    )
    assert f"/teams/coverage/{tree.p.pk}/" in unit_page


def test_ids_and_years_are_never_grouped_like_numbers(
    tree: Tree, commune_a_officer
) -> None:
    from cnscd.teams.models import Person

    team = Body.objects.create(
        pk=12345, kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ A1"
    )
    person = Person.objects.create(
        pk=23456, full_name="Đỗ Văn Năm", search_key="do van nam", birth_year=1990
    )
    Membership.objects.create(person=person, body=team, position=Position.MEMBER)
    client = client_for(commune_a_officer)
    body_page = client.get("/teams/12345/").content.decode()
    assert "12345" in body_page and "12.345" not in body_page and "(1990)" in body_page
    person_page = client.get("/teams/people/23456/").content.decode()
    assert "Mã số 23456" in person_page and "sinh năm 1990" in person_page
    listing = client.get("/teams/members/", {"unit": tree.a.pk}).content.decode()
    assert "1.990" not in listing and "1990" in listing
