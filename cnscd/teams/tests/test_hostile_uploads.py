"""Hostile files at the teams' upload routes (member import, decision scan):
refused with a Vietnamese reason, nothing stored, no file left on disk."""

import html
import io
import stat
from pathlib import Path

import pytest
from django.test import Client

from cnscd.teams.choices import BodyKind, DecisionKind
from cnscd.teams.models import Body, Decision, Membership, Person
from conftest import Tree, client_for
from tests.hostile_files import REFUSED_EVERYWHERE, files_in, upload, write

# What each route answers, per file: a Vietnamese reason, never a 500.
IMPORT_SAYS = {
    "sparse-corner.xlsx": "vượt giới hạn đọc an toàn",
    "ten-million-area.xlsx": "vượt giới hạn đọc an toàn",
    "false-dimension.xlsx": "vượt giới hạn đọc an toàn",
    "late-doctype.xlsx": "Tệp chứa khai báo XML không được phép (DTD/ENTITY).",
    "fake.pdf": "Tệp không phải bảng tính Excel .xlsx.",
    "empty.xlsx": "Tập tin được gửi là rỗng.",  # Django's form, in Vietnamese
}
SCAN_SAYS = {
    "sparse-corner.xlsx": "Bản quét: Tệp không phải PDF hợp lệ (không mở được)",
    "ten-million-area.xlsx": "Bản quét: Tệp không phải PDF hợp lệ (không mở được)",
    "false-dimension.xlsx": "Bản quét: Tệp không phải PDF hợp lệ (không mở được)",
    "late-doctype.xlsx": "Bản quét: Tệp không phải PDF hợp lệ (không mở được)",
    "fake.pdf": "Bản quét: Tệp không phải PDF hợp lệ (không mở được)",
    "pageless.pdf": "Bản quét: Tệp PDF không có trang nào.",
    "empty.xlsx": "Tập tin được gửi là rỗng.",
}


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("name", REFUSED_EVERYWHERE)
def test_member_import_refuses_hostile_files_and_keeps_nothing(
    tree: Tree, commune_a_officer, media: Path, tmp_path: Path, name: str
) -> None:
    client = client_for(commune_a_officer)
    response = client.post(
        f"/teams/import/?unit={tree.a.pk}", {"file": upload(tmp_path / "in", name)}
    )
    assert response.status_code == 200
    assert IMPORT_SAYS[name] in page_text(response)
    assert response.context["token"] == ""
    assert not Person.objects.exists() and not Membership.objects.exists()
    assert files_in(media) == []
    assert client.session.get("cnscd_uploads", {}) == {}


@pytest.fixture
def team(tree: Tree) -> Body:
    return Body.objects.create(kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ A1")


def post_decision(client: Client, team: Body, scan: io.BytesIO, number: str):
    return client.post(
        f"/teams/{team.pk}/decisions/new/",
        {
            "kind": DecisionKind.ESTABLISH,
            "number": number,
            "signed_on": "2024-01-15",
            "issuer": "UBND xã Thanh Miện",
            "scan": scan,
        },
    )


@pytest.mark.parametrize("name", [*REFUSED_EVERYWHERE, "pageless.pdf"])
def test_decision_scan_refuses_what_is_not_a_pdf_and_writes_nothing(
    commune_a_officer, team: Body, media: Path, tmp_path: Path, name: str
) -> None:
    response = post_decision(
        client_for(commune_a_officer), team, upload(tmp_path / "in", name), "1/QĐ"
    )
    assert response.status_code == 200
    assert SCAN_SAYS[name] in page_text(response)
    assert not Decision.objects.exists()
    assert files_in(media) == []


def test_a_genuine_scan_is_kept_0600_in_a_0700_folder(
    commune_a_officer, team: Body, media: Path, tmp_path: Path
) -> None:
    client = client_for(commune_a_officer)
    response = post_decision(client, team, upload(tmp_path, "valid.pdf"), "2/QĐ")
    assert response.status_code == 302
    decision = Decision.objects.get()
    path = Path(decision.scan.path)
    assert path.read_bytes() == write(tmp_path, "valid.pdf").read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert client.get(f"/teams/decisions/{decision.pk}/scan/").status_code == 200


def test_a_decision_refused_after_its_scan_was_read_leaves_no_file(
    commune_a_officer, team: Body, media: Path, tmp_path: Path
) -> None:
    """Dissolving before the team was established is refused only once the
    decision is being recorded: its scan, which passed, must not stay behind."""
    Body.objects.filter(pk=team.pk).update(established_on="2024-06-01")
    response = client_for(commune_a_officer).post(
        f"/teams/{team.pk}/decisions/new/",
        {
            "kind": DecisionKind.DISSOLVE,
            "number": "3/QĐ",
            "signed_on": "2024-01-15",
            "issuer": "UBND xã Thanh Miện",
            "scan": upload(tmp_path, "valid.pdf"),
        },
    )
    assert "Ngày kết thúc không được trước ngày thành lập." in page_text(response)
    assert not Decision.objects.exists()
    assert files_in(media) == []
