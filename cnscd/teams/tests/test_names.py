"""Invisible characters (bidi overrides, zero-width characters) in the names of
people, teams and organisations, from forms, the API and imports."""

import html
import io

import pytest
from django.core.exceptions import ValidationError

from cnscd.accounts.models import Organisation
from cnscd.teams import services
from cnscd.teams.choices import BodyKind, Position
from cnscd.teams.models import Body, Person
from cnscd.teams.tests.test_imports import xlsx
from conftest import Tree, client_for


@pytest.fixture
def team(tree: Tree) -> Body:
    return Body.objects.create(kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ A1")


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_invisible_characters_leave_names_from_forms_api_and_imports(
    tree: Tree, commune_a_officer, province_officer, team: Body
) -> None:
    client = client_for(commune_a_officer)
    client.post(
        f"/teams/{team.pk}/members/new/",
        {"full_name": "Nguyễn\u200b Văn\u202e An", "position": Position.MEMBER},
    )
    created = client.post(
        "/api/v1/memberships/",
        {
            "body": team.pk,
            "full_name": "\ufeffTrần Thị\u2066 Bình",
            "position": "member",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    imported = io.BytesIO(
        xlsx([[1, "Lê\u200d Văn\u202a Cường", "Nam", 1980, "Tổ viên", "", "", "Đông"]])
    )
    imported.name = "ds.xlsx"
    token = client.post(f"/teams/import/?unit={tree.a.pk}", {"file": imported}).context[
        "token"
    ]
    client.post(f"/teams/import/?unit={tree.a.pk}", {"confirm": "1", "token": token})
    assert sorted(Person.objects.values_list("full_name", flat=True)) == [
        "Lê Văn Cường",
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]
    services.body_update(
        actor=commune_a_officer,
        body=team,
        version=1,
        name="Tổ\u202e CNSCĐ\u200b Thôn Đông",
    )
    team.refresh_from_db()
    assert team.name == "Tổ CNSCĐ Thôn Đông"
    services.organisation_create(actor=province_officer, name="\u2067HTX\u2069 Mới")
    assert Organisation.objects.filter(name="HTX Mới").exists()


@pytest.mark.parametrize("invisible", ["\u200b", "\u202e\u202c", "\ufeff\u200d"])
def test_a_name_of_invisible_characters_only_is_refused(
    tree: Tree, commune_a_officer, province_officer, team: Body, invisible: str
) -> None:
    response = client_for(commune_a_officer).post(
        f"/teams/{team.pk}/members/new/",
        {"full_name": invisible, "position": Position.MEMBER},
    )
    assert "Họ và tên không được để trống." in page_text(response)
    assert not Person.objects.exists()
    for call, says in [
        (
            lambda: services.body_create(
                actor=commune_a_officer,
                kind=BodyKind.COMMUNITY_TEAM,
                unit=tree.a2,
                name=invisible,
            ),
            "Tên tổ không được để trống.",
        ),
        (
            lambda: services.body_update(
                actor=commune_a_officer, body=team, version=1, name=invisible
            ),
            "Tên tổ không được để trống.",
        ),
        (
            lambda: services.organisation_create(
                actor=province_officer, name=invisible
            ),
            "Tên tổ chức không được để trống.",
        ),
    ]:
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.messages == [says]
    team.refresh_from_db()
    assert team.name == "Tổ A1" and Body.objects.count() == 1
