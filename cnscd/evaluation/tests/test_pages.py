"""The evaluation pages and API as officers use them."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from cnscd.evaluation.models import CriteriaSet, Evaluation, Target
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from conftest import Tree, client_for
from tests.hostile_files import valid_pdf


@pytest.fixture
def reported(tree: Tree, province_officer) -> Tree:
    assert import_sheet(
        actor=province_officer,
        data=sheet(ROWS),
        filename="t6.xlsx",
        period="202306",
        parent=tree.p,
    ).stored
    return tree


def test_ranking_sheet_loop_and_api(
    reported: Tree, province_officer, commune_a_officer, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    tree = reported
    province = client_for(province_officer)
    page = province.get(f"/evaluation/?unit={tree.p.pk}&period=202306")
    html = page.content.decode()
    assert page.status_code == 200
    assert "bản dự thảo của địa phương" in html and "Xã Thanh Miện" in html
    assert "8,75" in html and "Đã triển khai nhưng chưa mở rộng" in html
    api = province.get(f"/api/v1/evaluation/?unit={tree.p.pk}&period=202306").json()
    assert [(u["unit_code"], u["score"], u["rank"]) for u in api["units"]] == [
        ("90001", 8.75, 1),
        ("90002", 8.75, 1),
    ]
    commune = client_for(commune_a_officer)
    url = f"/evaluation/sheet/?unit={tree.a.pk}&period=202306"
    assert commune.post(url, {"action": "open"}).status_code == 302
    evaluation = Evaluation.objects.get(unit=tree.a)
    manual = evaluation.scores.get(number="8").criterion_id
    evidence = io.BytesIO(valid_pdf())
    evidence.name = "Ghi nhận.pdf"
    response = commune.post(
        url,
        {
            "action": "submit",
            "version": evaluation.version,
            f"points:{manual}": "6",
            f"note:{manual}": "Mô hình chợ 4.0",
            f"file:{manual}": evidence,
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "self_assessed" and evaluation.total == D("14.75")
    sheet_page = province.get(url).content.decode()
    assert "Ghi nhận.pdf" in sheet_page and "Thẩm định" in sheet_page
    row = evaluation.scores.get(number="8")
    download = province.get(f"/evaluation/evidence/{row.pk}/")
    assert b"".join(download.streaming_content) == valid_pdf()
    # A stale page is told, nothing is lost.
    stale = evaluation.version - 1
    commune.post(url, {"action": "save", "version": stale})
    assert "vừa được người khác sửa" in commune.get(url).content.decode()
    province.post(url, {"action": "review", "version": evaluation.version})
    evaluation.refresh_from_db()
    province.post(url, {"action": "approve", "version": evaluation.version})
    evaluation.refresh_from_db()
    assert evaluation.status == "approved"
    assert (
        "Đã phê duyệt"
        in province.get(f"/evaluation/?unit={tree.p.pk}&period=202306").content.decode()
    )


def test_criteria_set_pages_export_and_import(
    province_officer, commune_a_officer
) -> None:
    province = client_for(province_officer)
    starter = CriteriaSet.objects.get(code="cnscd-du-thao-dia-phuong")
    listing = province.get(f"/evaluation/sets/?set={starter.pk}").content.decode()
    assert (
        "Theo bậc: ≥10: 15; ≥5: 10; ≥1: 5" in listing and "Nhập bộ tiêu chí" in listing
    )
    exported = province.get(f"/evaluation/sets/{starter.pk}/export/")
    assert exported["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(exported.content))
    for row in book.active.iter_rows():
        for cell in row:
            if cell.value == "Phiên bản: 1":
                cell.value = "Phiên bản: 2"
    buf = io.BytesIO()
    book.save(buf)
    upload = io.BytesIO(buf.getvalue())
    upload.name = "bo.xlsx"
    checked = province.post(
        "/evaluation/sets/import/", {"file": upload}
    ).content.decode()
    assert "Tệp hợp lệ" in checked and "Lưu bộ tiêu chí" in checked
    token = checked.split('name="token" value="')[1].split('"')[0]
    stored = province.post("/evaluation/sets/import/", {"token": token, "store": "1"})
    v2 = CriteriaSet.objects.get(code=starter.code, version=2)
    assert stored["Location"] == f"/evaluation/sets/?set={v2.pk}"
    assert v2.is_local_draft and v2.max_points == 100
    assert (
        client_for(commune_a_officer).get("/evaluation/sets/import/").status_code == 404
    )


def test_targets_page_distributes_and_shows_progress(
    reported: Tree, province_officer
) -> None:
    province = client_for(province_officer)
    url = f"/evaluation/targets/?unit={reported.p.pk}&period=202306"
    response = province.post(
        url,
        {
            "action": "distribute",
            "indicator": "citizens_guided",
            "total": "3.000",
            "method": "equal",
        },
    )
    assert response.status_code == 302
    assert sorted(Target.objects.values_list("value", flat=True)) == [1500, 1500]
    page = province.get(url).content.decode()
    assert "Đã giao chỉ tiêu cho 2 đơn vị." in page
    assert "1.500" in page and "80%" in page  # 1.200 / 1.500
    partial = province.get(f"/evaluation/targets/?unit={reported.p.pk}&partial=1")
    assert b"<html" not in partial.content and b"1.500" in partial.content
    bad = province.post(
        url,
        {
            "action": "distribute",
            "indicator": "citizens_guided",
            "total": "-5",
            "method": "equal",
        },
    )
    assert bad.status_code == 302
    assert "Số âm" in province.get(url).content.decode()
