"""Acceptance on the seed: the province report generated from the imported
appendix, read back from the .docx, .xlsx and .pdf files."""

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from cnscd.core.text import search_key
from cnscd.indicators.tests.sheets import seed_appendix_stored
from cnscd.reports.models import GeneratedReport
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body, Membership, Person

pytestmark = pytest.mark.django_db

TOTALS = ["522", "5.019", "316.105", "198.149", "564.954", "220", "111"]


@pytest.fixture(scope="module")
def hai_duong_files(
    django_db_setup: None,
    django_db_blocker: object,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, object]:
    """The province with the seed's appendix, and its report in each format,
    made once for the module (then rolled back)."""
    from django.db import transaction

    out = tmp_path_factory.mktemp("reports")
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        province = seed_appendix_stored()
        # The province's steering committee, so that section I states the
        # network and the appendix lists it among the other figures.
        committee = Body.objects.create(
            kind=BodyKind.STEERING_COMMITTEE,
            unit=province,
            name="Tổ chỉ đạo tỉnh",
            established_on=dt.date(2022, 6, 1),
        )
        for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
            person = Person.objects.create(full_name=name, search_key=search_key(name))
            Membership.objects.create(person=person, body=committee)
        pivot = StringIO()
        call_command("pivot", unit="30", period="2023S1", json=True, stdout=pivot)
        result: dict[str, object] = {"pivot": json.loads(pivot.getvalue())}
        for fmt in ("docx", "xlsx", "pdf"):
            path = out / f"bao-cao.{fmt}"
            call_command(
                "report",
                unit="30",
                period="2023S1",
                fmt=fmt,
                output=str(path),
                stdout=StringIO(),
            )
            result[fmt] = path
        result["records"] = list(
            GeneratedReport.objects.values("format", "sha256", "size", "snapshot")
        )
        transaction.set_rollback(True)
    return result


def poppler(tool: str, *args: str) -> str:
    """A poppler-utils tool (installed by scripts/system-deps.sh) on a test file."""
    path = shutil.which(tool)
    assert path, f"{tool} is missing: run scripts/system-deps.sh"
    return subprocess.run(  # noqa: S603 - fixed tool, a file this test wrote
        [path, *args], capture_output=True, text=True, check=True
    ).stdout


def vn(text: str) -> Decimal:
    return (
        Decimal(text.replace(".", "").replace(",", "."))
        if text not in ("", "—")
        else Decimal(0)
    )


def test_docx_appendix_totals_equal_narrative_and_pivot(hai_duong_files: dict) -> None:
    document = Document(str(hai_duong_files["docx"]))
    appendix = document.tables[-2]  # the report's other figures come last
    rows = [[c.text for c in r.cells] for r in appendix.rows]
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[:2] == ["STT", "Huyện/TX/TP"] and len(header) == 9
    assert len(body) == 12 and {r[1] for r in body} >= {
        "Thanh Hà",
        "Kinh Môn",
        "Gia Lộc",
    }
    assert total[1] == "Tổng cộng" and total[2:] == TOTALS
    # The total row is the sum of the rows shown.
    for col in range(2, 9):
        assert sum(vn(r[col]) for r in body) == vn(total[col])
    # … and the pivot's total, column by column.
    pivot = hai_duong_files["pivot"]
    assert [
        f"{pivot['total'][c['code']]:,}".replace(",", ".") for c in pivot["columns"]
    ] == TOTALS
    # The narrative (everything before the appendix) states the same figures.
    paragraphs = [p.text for p in document.paragraphs]
    body_text = "\n".join(paragraphs[: paragraphs.index("PHỤ LỤC")])
    for figure in TOTALS:
        assert re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d.])", body_text), figure
    assert "hơn 316.000 (316.105) người dân" in body_text
    assert "tổ chức 522 buổi hội nghị, tập huấn" in body_text
    # Classification from the evaluation, and the flagged figures.
    assert "Chưa triển khai tập huấn: 2 đơn vị (Kinh Môn, Thanh Hà)" in body_text
    assert "Đã triển khai nhưng chưa mở rộng: 3 đơn vị" in body_text
    assert "Nam Sách: các số 30.000 / 30.000 / 60.000" in body_text
    assert "Gia Lộc: số lượng tài khoản DVCTT được tạo (10.963)" in body_text
    for title in [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ TRIỂN KHAI",
        "III. KẾT QUẢ TRIỂN KHAI CẤP HUYỆN",
        "IV. BÀI HỌC KINH NGHIỆM",
        "V. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "VI. ĐỊNH HƯỚNG TRIỂN KHAI TRONG THỜI GIAN TỚI",
    ]:
        assert title in paragraphs
    assert any(p.startswith("(Kèm theo Báo cáo số") for p in paragraphs)


def test_every_narrative_figure_is_read_from_an_appendix(
    hai_duong_files: dict,
) -> None:
    """Sections I and II state figures; each is in the appendix's table or in
    the table of the report's other figures (network, figures outside the
    form). Percentages, ratios and dates are derived, not stated figures."""
    document = Document(str(hai_duong_files["docx"]))
    others = document.tables[-1]
    cells = [[c.text for c in r.cells] for r in others.rows]
    assert cells[0] == ["STT", "Số liệu", "Giá trị", "Nguồn"]
    named = {r[1]: r[2] for r in cells[1:]}
    assert named["Tổ CNSCĐ cấp thôn, khu dân cư"] and named["Thành viên Tổ CNSCĐ"]
    assert all(r[3] for r in cells[1:])  # each says where it comes from
    assert named == {
        "Tổ chỉ đạo công nghệ số cộng đồng các cấp": "1",
        "Thành viên tổ chỉ đạo": "3",
        "Tổ CNSCĐ cấp thôn, khu dân cư": "0",
        "Thành viên Tổ CNSCĐ": "0",
    }
    assert cells[1][3] == "Sổ đăng ký Tổ CNSCĐ, đến ngày 30/6/2023"
    held = {c.text for t in document.tables[-2:] for row in t.rows for c in row.cells}
    paragraphs = [p.text for p in document.paragraphs]
    stated = "\n".join(
        paragraphs[
            paragraphs.index("I. ĐẶC ĐIỂM TÌNH HÌNH") : paragraphs.index(
                "III. KẾT QUẢ TRIỂN KHAI CẤP HUYỆN"
            )
        ]
    )
    assert "có 1 tổ chỉ đạo công nghệ số cộng đồng các cấp với 3 thành viên" in stated
    # Whole figures as the report writes them (316.105, 522), not part of a
    # date, a ratio, a percentage, "6 tháng" or a rounded "hơn 316.000".
    figures = re.findall(
        r"(?<![\d.,/])(\d{1,3}(?:\.\d{3})+|\d+)(?![\d.,/%]|\s*(?:%|tháng))", stated
    )
    rounded = set(re.findall(r"hơn (\d{1,3}(?:\.\d{3})+)", stated))
    missing = [f for f in figures if f not in held and f not in rounded]
    assert len(figures) > 10 and not missing, (missing, figures)


def test_docx_follows_decree_30(hai_duong_files: dict) -> None:
    document = Document(str(hai_duong_files["docx"]))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"
    }
    head = document.tables[0]
    left, right = (c.paragraphs for c in head.rows[0].cells)
    assert left[1].text == "TỔ CHỈ ĐẠO TRIỂN KHAI CÔNG NGHỆ SỐ CỘNG ĐỒNG TỈNH HẢI DƯƠNG"
    assert left[1].runs[0].bold and left[-1].text.startswith("Số:")
    assert left[-1].text.endswith("/BC-TCĐCNSCĐ")
    assert [p.text for p in right[:2]] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert right[-1].runs[0].italic and right[-1].text.startswith("Hải Dương, ngày")
    sign = document.tables[1]
    recipients, signer = (c.paragraphs for c in sign.rows[0].cells)
    assert recipients[0].text == "Nơi nhận:"
    assert recipients[0].runs[0].bold and recipients[0].runs[0].italic
    assert recipients[-1].text.startswith("- Lưu: VT") and recipients[-1].text.endswith(
        "."
    )
    assert signer[0].text == "TỔ TRƯỞNG"
    titles = [p for p in document.paragraphs if p.text == "BÁO CÁO"]
    assert titles and titles[0].runs[0].bold
    # No template tag is left in the generated file.
    assert not re.search(
        r"\{[{%]|[}%]\}", "\n".join(p.text for p in document.paragraphs)
    )


def test_xlsx_keeps_numbers_as_numbers(hai_duong_files: dict) -> None:
    wb = load_workbook(hai_duong_files["xlsx"])
    assert wb.sheetnames[:4] == ["Phụ lục", "Kết quả", "Mạng lưới", "Xếp loại"]
    ws = wb["Phụ lục"]
    cells = {
        c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    }
    total = cells["Tổng cộng"].row
    values = [ws.cell(row=total, column=c).value for c in range(3, 10)]
    assert values == [522, 5019, 316105, 198149, 564954, 220, 111]
    assert all(
        ws.cell(row=total, column=c).number_format == "#,##0" for c in range(3, 10)
    )
    header = cells["STT"].row
    body = range(header + 1, total)
    assert len(body) == 12
    for c in range(3, 10):
        assert (
            sum(ws.cell(row=r, column=c).value or 0 for r in body)
            == ws.cell(row=total, column=c).value
        )
    assert cells["Gia Lộc"].data_type == "s"
    assert any("Kèm theo Báo cáo số" in v for v in cells)
    bands = {ws2.value for row in wb["Xếp loại"].iter_rows() for ws2 in row}
    assert "Chưa triển khai tập huấn" in bands


def test_pdf_has_the_figures_and_embedded_vietnamese_fonts(
    hai_duong_files: dict,
) -> None:
    path = hai_duong_files["pdf"]
    text = poppler("pdftotext", "-layout", str(path), "-")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text and "PHỤ LỤC" in text
    assert "hơn 316.000 (316.105)" in text
    assert "CÁC SỐ LIỆU KHÁC NÊU TRONG BÁO CÁO" in text
    assert "Sổ đăng ký Tổ CNSCĐ" in text
    total_line = next(line for line in text.splitlines() if "Tổng cộng" in line)
    assert total_line.split()[2:] == TOTALS
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(" yes " in line and "Liberation" in line for line in fonts)


def test_each_file_is_kept_with_its_hash_and_figures(hai_duong_files: dict) -> None:
    records = {r["format"]: r for r in hai_duong_files["records"]}
    assert set(records) == {"docx", "xlsx", "pdf"}
    for fmt, r in records.items():
        data = Path(hai_duong_files[fmt]).read_bytes()
        assert r["sha256"] == hashlib.sha256(data).hexdigest() and r["size"] == len(
            data
        )
        assert r["snapshot"]["totals"]["citizens_guided"] == 316105
