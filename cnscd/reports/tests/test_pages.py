"""The report page, its files and the API as officers use them."""

import io

from django.core.management import call_command
from docx import Document

from cnscd.core.periods import parse_period
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from cnscd.reports import services
from cnscd.reports.models import GeneratedReport, ReportDocument
from conftest import Tree, client_for

FIELDS = {
    "agency_parent": "UBND tỉnh Thử Nghiệm",
    "agency": "Tổ chỉ đạo triển khai công nghệ số cộng đồng tỉnh Thử Nghiệm",
    "number": "05",
    "issuer_code": "TCĐCNSCĐ",
    "place": "Thử Nghiệm",
    "issued_on": "2023-08-08",
    "title": "Kết quả triển khai Tổ CNSCĐ tháng 6 năm 2023",
    "lessons": "Mưa dầm thấm lâu.\n- Đi từng ngõ, gõ từng nhà",
    "difficulties": "- Thiếu thiết bị",
    "directions": "- Tập huấn thêm",
    "recipients": "Bộ KH&CN (b/c)\nLưu: VT",
    "signer_role": "TỔ TRƯỞNG",
    "signer_title": "GIÁM ĐỐC SỞ",
    "signer_name": "Nguyễn Văn A",
}


def test_officer_writes_the_report_and_generates_it(
    reported: Tree, province_officer
) -> None:
    tree = reported
    client = client_for(province_officer)
    url = f"/reports/?unit={tree.p.pk}&period=202306"
    page = client.get(url).content.decode()
    assert "Xem trước nội dung" in page and "BÁO CÁO" in page
    assert "Xã Thanh Miện" in page  # the appendix row in the preview
    saved = client.post(
        "/reports/save/",
        {**FIELDS, "unit": tree.p.pk, "period": "202306", "version": 0},
    )
    assert saved.status_code == 302
    doc = ReportDocument.objects.get(unit=tree.p, period="202306")
    assert (
        doc.number == "05" and doc.version == 1 and doc.updated_by == province_officer
    )
    made = client.post(
        "/reports/generate/", {"unit": tree.p.pk, "period": "202306", "format": "docx"}
    )
    assert made.status_code == 302
    row = GeneratedReport.objects.get()
    assert row.status == "done" and row.requested_by == province_officer
    response = client.get(f"/reports/files/{row.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    # The officer's own sections and header are in the file.
    assert "Mưa dầm thấm lâu." in text and "- Đi từng ngõ, gõ từng nhà" in text
    assert (
        "- Thiếu thiết bị" in text
        and "(Kèm theo Báo cáo số 05/BC-TCĐCNSCĐ ngày 08/8/2023" in text
    )
    assert row.snapshot["document"]["lessons"].startswith("Mưa dầm")
    # The province's children here are communes: section III names them so.
    assert "III. KẾT QUẢ TRIỂN KHAI CẤP XÃ" in text
    assert (
        "Dẫn đầu về số buổi hội nghị, tập huấn: Xã Thanh Miện (3), Xã Bình Minh (1)."
        in text
    )
    status = client.get(f"/reports/files/{row.pk}/status/").content.decode()
    assert "Tải về" in status


def test_a_second_officer_saving_an_old_version_is_told_and_keeps_the_text(
    reported: Tree, province_officer, operator
) -> None:
    tree = reported
    base = {**FIELDS, "unit": tree.p.pk, "period": "202306"}
    first = client_for(province_officer)
    assert first.post("/reports/save/", {**base, "version": 0}).status_code == 302
    assert (
        first.post("/reports/save/", {**base, "version": 1, "number": "06"}).status_code
        == 302
    )
    late = client_for(operator).post(
        "/reports/save/", {**base, "version": 1, "lessons": "Bài học của người thứ hai"}
    )
    assert late.status_code == 409
    body = late.content.decode()
    assert "Dữ liệu vừa được người khác sửa" in body
    assert "Bài học của người thứ hai" in body  # what was typed is shown again
    doc = ReportDocument.objects.get()
    assert doc.number == "06" and doc.lessons.startswith("Mưa dầm")


def test_required_header_fields_are_asked_for(reported: Tree, province_officer) -> None:
    response = client_for(province_officer).post(
        "/reports/save/",
        {
            **FIELDS,
            "agency": " ",
            "unit": reported.p.pk,
            "period": "202306",
            "version": 0,
        },
    )
    assert response.status_code == 400
    assert "Chưa nhập: Cơ quan ban hành." in response.content.decode()
    assert not ReportDocument.objects.exists()


def test_files_of_another_scope_answer_404(
    reported: Tree, province_officer, p2_officer, commune_a_officer
) -> None:
    tree = reported
    row = services.generation_request(
        actor=province_officer, unit=tree.p, period=parse_period("202306"), fmt="xlsx"
    )
    for user in (p2_officer, commune_a_officer):
        client = client_for(user)
        assert client.get(f"/reports/files/{row.pk}/").status_code == 404
        assert client.get(f"/reports/files/{row.pk}/status/").status_code == 404
        assert client.get(f"/api/v1/reports/{row.pk}/").status_code == 404
        assert client.get(f"/api/v1/reports/{row.pk}/download/").status_code == 404
    assert client_for(p2_officer).get(f"/reports/?unit={tree.p.pk}").status_code == 404
    # A commune officer reports on the commune (its villages have no form).
    own = client_for(commune_a_officer).post(
        "/api/v1/reports/",
        {"unit": tree.a.pk, "period": "202306", "format": "pdf"},
        content_type="application/json",
    )
    assert own.status_code == 201 and own.json()["status"] == "done"


def test_api_requests_follows_and_downloads(reported: Tree, province_officer) -> None:
    tree = reported
    client = client_for(province_officer)
    made = client.post(
        "/api/v1/reports/",
        {"unit": tree.p.pk, "period": "202306", "format": "xlsx"},
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert body["status"] == "done" and len(body["sha256"]) == 64
    listed = client.get(f"/api/v1/reports/?unit={tree.p.pk}&period=202306").json()
    assert [r["id"] for r in listed] == [body["id"]]
    file = client.get(body["download"])
    assert file.status_code == 200
    assert b"".join(file.streaming_content)[:2] == b"PK"
    bad = client.post(
        "/api/v1/reports/",
        {"unit": tree.p.pk, "period": "202306", "format": "odt"},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_a_large_scope_is_made_by_the_worker_with_its_progress(
    reported: Tree,
    province_officer,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    monkeypatch.setattr(services, "INLINE_LIMIT", 0)
    client = client_for(province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            "/api/v1/reports/",
            {"unit": reported.p.pk, "period": "202306", "format": "pdf"},
            content_type="application/json",
        )
    assert made.status_code == 202
    row = GeneratedReport.objects.get()
    assert row.status == "queued"
    page = client.get(f"/reports/?unit={reported.p.pk}&period=202306").content.decode()
    assert 'hx-trigger="every 2s"' in page and "Đang chờ tạo tệp" in page
    # The worker drops connections whose autocommit differs from the settings;
    # inside this test's transaction that would be the test's own connection.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    row.refresh_from_db()
    assert row.status == "done" and row.progress == 100 and row.size > 0
    status = client.get(f"/reports/files/{row.pk}/status/").content.decode()
    assert "every 2s" not in status and "Tải về" in status


def _restyled(data: bytes, line: str, size: int = 13) -> bytes:
    """What a province does in Word: another body size and its own line."""
    from docx.shared import Pt

    document = Document(io.BytesIO(data))
    document.styles["Normal"].font.size = Pt(size)
    document.paragraphs[0].insert_paragraph_before(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_a_province_restyles_the_word_template_for_its_units(
    reported: Tree, province_officer, commune_a_officer
) -> None:
    tree = reported
    client = client_for(province_officer)
    url = f"/reports/template/?unit={tree.p.pk}&period=202306"
    default = client.get(url).content
    assert "{{ agency }}" in "\n".join(
        p.text
        for c in Document(io.BytesIO(default)).tables[0].rows[0].cells
        for p in c.paragraphs
    )
    mine = io.BytesIO(_restyled(default, "MẪU CỦA TỈNH THỬ NGHIỆM"))
    mine.name = "mau-tinh.docx"
    response = client.post(
        "/reports/template/",
        {"unit": tree.p.pk, "period": "202306", "action": "upload", "file": mine},
    )
    assert response.status_code == 302
    # The commune under the province inherits it.
    made = client_for(commune_a_officer).post(
        "/api/v1/reports/",
        {"unit": tree.a.pk, "period": "202306", "format": "docx"},
        content_type="application/json",
    )
    data = b"".join(
        client_for(commune_a_officer).get(made.json()["download"]).streaming_content
    )
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "MẪU CỦA TỈNH THỬ NGHIỆM"
    assert document.styles["Normal"].font.size.pt == 13
    page = client_for(commune_a_officer).get(
        f"/reports/?unit={tree.a.pk}&period=202306"
    )
    assert "Đang dùng mẫu của Tỉnh Thử Nghiệm." in page.content.decode()
    # Back to the default.
    client.post(
        "/reports/template/", {"unit": tree.p.pk, "period": "202306", "action": "reset"}
    )
    assert client.get(url).content == default


def test_a_broken_or_foreign_template_is_refused_with_the_reason(
    reported: Tree, province_officer
) -> None:
    from cnscd.reports.docx_template import default_template
    from cnscd.reports.models import ReportTemplate

    tree = reported
    client = client_for(province_officer)
    broken = io.BytesIO(_restyled(default_template(), "{{ chua_dong_the"))
    broken.name = "hong.docx"
    not_word = io.BytesIO(sheet(ROWS))
    not_word.name = "bang.docx"
    for upload, message in [
        (broken, "Mẫu báo cáo không điền được số liệu"),
        (not_word, "Tệp không phải văn bản Word .docx hợp lệ."),
    ]:
        response = client.post(
            "/reports/template/",
            {"unit": tree.p.pk, "period": "202306", "action": "upload", "file": upload},
            follow=True,
        )
        assert message in response.content.decode()
    assert not ReportTemplate.objects.exists()
