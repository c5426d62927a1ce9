"""Hostile files at the appendix sheet import: refused, nothing stored or kept."""

import html
import re
from pathlib import Path

import pytest

from cnscd.indicators.models import DataValue, Report
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from conftest import Tree, client_for
from tests.hostile_files import REFUSED_EVERYWHERE, files_in, upload

SAYS = {
    "sparse-corner.xlsx": "vượt giới hạn đọc an toàn",
    "ten-million-area.xlsx": "vượt giới hạn đọc an toàn",
    "false-dimension.xlsx": "vượt giới hạn đọc an toàn",
    "late-doctype.xlsx": "Tệp chứa khai báo XML không được phép (DTD/ENTITY).",
    "fake.pdf": "Tệp không phải bảng tính Excel .xlsx.",
    "empty.xlsx": "Tệp rỗng.",
}


@pytest.mark.parametrize("name", REFUSED_EVERYWHERE)
def test_sheet_import_refuses_hostile_files_and_keeps_nothing(
    tree: Tree, province_officer, media: Path, tmp_path: Path, name: str
) -> None:
    client = client_for(province_officer)
    response = client.post(
        f"/indicators/import/?unit={tree.p.pk}",
        {"file": upload(tmp_path / "in", name), "period": "202306", "form": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert SAYS[name] in html.unescape(response.content.decode())
    assert not DataValue.objects.exists() and not Report.objects.exists()
    assert files_in(media) == []
    assert client.session.get("cnscd_uploads", {}) == {}


def test_a_sound_sheet_is_kept_until_stored_then_removed(
    tree: Tree, province_officer, media: Path, tmp_path: Path
) -> None:
    client = client_for(province_officer)
    good = tmp_path / "t6.xlsx"
    good.write_bytes(sheet(ROWS))
    with good.open("rb") as fh:
        page = client.post(
            f"/indicators/import/?unit={tree.p.pk}",
            {"file": fh, "period": "202306", "form": ""},
        ).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    assert [p.name for p in files_in(media)] == [token]
    stored = client.post(
        f"/indicators/import/?unit={tree.p.pk}",
        {"token": token, "period": "202306", "form": "bc-cnscd-xa", "store": "1"},
    )
    assert stored.status_code == 302 and DataValue.objects.count() == 10
    assert files_in(media) == []
