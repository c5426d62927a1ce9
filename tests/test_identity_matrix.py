"""Cross-scope by identity, for every persona (issue #13, item 3 in the route
matrix): linking or editing a person through a phone number, an email or an
import row. Dũng sits only in commune B's team; the channels below all start
from commune A's team. Only those over both communes link him; every other
persona is refused and nothing changes (people, memberships, reports,
values, activities, header mappings)."""

from typing import Any

import pytest

from cnscd.teams.choices import BodyKind, Position
from cnscd.teams.models import Body, Membership, Person
from cnscd.teams.selectors import ELSEWHERE
from cnscd.teams.tests.test_imports import xlsx
from conftest import Tree, client_for
from tests.test_route_inventory import PERSONAS, guarded_rows

PHONE = "0912000111"
EMAIL = "dung.phan@example.vn"
NAME = "Phan Văn Dũng"

# channel → persona → status; `default` for the personas not named.
EXPECT: dict[str, dict[str, int]] = {
    "api_phone": {
        "anon": 401,
        "no_scope": 403,
        "partner_reporter": 403,
        "team_a_leader": 400,
        "commune_a_officer": 400,
        "province_officer": 201,
        "operator": 201,
        "default": 404,
    },
    "page_phone": {
        "anon": 302,
        "no_scope": 403,
        "team_a_leader": 200,
        "commune_a_officer": 200,
        "province_officer": 302,
        "operator": 302,
        "default": 404,
    },
    # An email is not an identity: it never links, so nobody reaches Dũng
    # through it (a new person is created for those who may add members).
    "api_email": {
        "anon": 401,
        "no_scope": 403,
        "partner_reporter": 403,
        "team_a_leader": 201,
        "commune_a_officer": 201,
        "province_officer": 201,
        "operator": 201,
        "default": 404,
    },
    "import_row": {
        "anon": 302,
        "no_scope": 403,
        "commune_a_officer": 200,
        "province_officer": 200,
        "operator": 200,
        "default": 404,
    },
    # His own commune's officer edits him; nobody from commune A does.
    "patch_person": {
        "anon": 401,
        "no_scope": 403,
        "commune_b_officer": 200,
        "province_officer": 200,
        "operator": 200,
        "default": 404,
    },
}
LINKS = {"api_phone", "page_phone"}
# The status of a request that writes (an import's 200 is its dry run).
WRITES = {"api_phone": 201, "page_phone": 302, "api_email": 201, "patch_person": 200}
CASES = [(c, p) for c in EXPECT for p in PERSONAS]


@pytest.fixture
def cast(request: pytest.FixtureRequest, tree: Tree) -> dict[str, Any]:
    users = {p: request.getfixturevalue(p) for p in PERSONAS[2:]}
    users["no_scope"] = request.getfixturevalue("no_scope_user")
    users["anon"] = None
    team_a = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ CNSCĐ Thôn Đông"
    )
    team_b = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM, unit=tree.b1, name="Tổ CNSCĐ Thôn Bắc"
    )
    dung = Person.objects.create(
        full_name=NAME,
        search_key="phan van dung",
        sex="male",
        birth_year=1970,
        phone=PHONE,
        email=EMAIL,
    )
    Membership.objects.create(person=dung, body=team_b, position=Position.MEMBER)
    return {"users": users, "team_a": team_a, "tree": tree, "dung": dung}


def _send(channel: str, client: Any, cast: dict[str, Any]) -> Any:
    team = cast["team_a"]
    if channel in ("api_phone", "api_email"):
        contact = {"phone": PHONE} if channel == "api_phone" else {"email": EMAIL}
        return client.post(
            "/api/v1/memberships/",
            {"body": team.pk, "full_name": NAME, "position": "member", **contact},
            content_type="application/json",
        )
    if channel == "page_phone":
        return client.post(
            f"/teams/{team.pk}/members/new/",
            {"full_name": NAME, "phone": PHONE, "position": Position.MEMBER},
        )
    if channel == "import_row":
        upload = xlsx([[1, NAME, "Nam", 1970, "Tổ viên", "", PHONE, "Thôn Đông"]])
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(
            f"/teams/import/?unit={cast['tree'].a.pk}",
            {"file": SimpleUploadedFile("ds.xlsx", upload)},
        )
    dung = cast["dung"]
    return client.patch(
        f"/api/v1/people/{dung.pk}/",
        {"full_name": "Tên Đã Sửa", "version": dung.version},
        content_type="application/json",
    )


@pytest.mark.parametrize(("channel", "persona"), CASES)
def test_identity_does_not_cross_scope(
    channel: str, persona: str, cast: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    before = guarded_rows()
    response = _send(channel, client_for(cast["users"][persona]), cast)
    table = EXPECT[channel]
    want = table.get(persona, table["default"])
    assert response.status_code == want, f"{channel} as {persona}"
    body = response.content.decode(errors="replace")
    dung = Person.objects.get(phone=PHONE)
    linked = dung.memberships.filter(body=cast["team_a"]).exists()
    if want != WRITES.get(channel) or persona == "anon":
        # Refused (or an import's dry run): nothing changed, Dũng not named.
        assert guarded_rows() == before, f"{channel} as {persona} changed data"
        assert not linked and dung.full_name == NAME
        assert "1970" not in body
        assert NAME not in body.replace(f'value="{NAME}"', "")
    if (
        want != 404
        and persona in ("team_a_leader", "commune_a_officer")
        and channel
        in (
            "api_phone",
            "page_phone",
            "import_row",
        )
    ):
        assert ELSEWHERE in body.replace("&#x28;", "(").replace("&#x29;", ")")
    if channel in LINKS and want == WRITES[channel] and persona != "anon":
        assert linked and dung.full_name == NAME
    if channel == "api_email" and want == 201:
        assert not linked and Person.objects.filter(email=EMAIL).count() == 2
