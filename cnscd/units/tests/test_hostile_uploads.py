"""Hostile files at the village import, and invisible characters in village names."""

import html
from pathlib import Path

import pytest

from cnscd.units.models import AdministrativeUnit
from conftest import Tree, client_for
from tests.hostile_files import REFUSED_EVERYWHERE, files_in, upload

SAYS = {
    "sparse-corner.xlsx": "vượt giới hạn đọc an toàn",
    "ten-million-area.xlsx": "vượt giới hạn đọc an toàn",
    "false-dimension.xlsx": "vượt giới hạn đọc an toàn",
    "late-doctype.xlsx": "Tệp chứa khai báo XML không được phép (DTD/ENTITY).",
    "fake.pdf": "Tệp không phải bảng tính Excel .xlsx.",
    "empty.xlsx": "Tập tin được gửi là rỗng.",  # Django's form, in Vietnamese
}


@pytest.mark.parametrize("name", REFUSED_EVERYWHERE)
def test_village_import_refuses_hostile_files_and_keeps_nothing(
    tree: Tree, commune_a_officer, media: Path, tmp_path: Path, name: str
) -> None:
    client = client_for(commune_a_officer)
    response = client.post(
        "/units/villages/import/", {"file": upload(tmp_path / "in", name)}
    )
    assert response.status_code == 200
    assert SAYS[name] in html.unescape(response.content.decode())
    assert response.context["token"] == ""
    assert AdministrativeUnit.objects.count() == 8
    assert files_in(media) == []
    assert client.session.get("cnscd_uploads", {}) == {}
