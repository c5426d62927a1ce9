"""Hostile spreadsheets at the core check: cells that reach far past what the
file claims, XML declarations anywhere in any part, empty files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cnscd.core.spreadsheets import SpreadsheetError, check_ooxml, read_workbook
from tests.hostile_files import valid_xlsx, with_part, write, xlsx_with_sheet

ROOT = Path(__file__).resolve().parents[3]
TOO_FAR = "vượt giới hạn đọc an toàn (50.000 dòng, 200 cột, 1.000.000 ô)"


def _refusal(data: bytes, filename: str = "x.xlsx") -> str:
    with pytest.raises(SpreadsheetError) as info:
        read_workbook(data, filename)
    return info.value.message


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("sparse-corner.xlsx", "trải tới ô A1048576 (1.048.576 dòng"),
        ("ten-million-area.xlsx", "trải tới ô GR50000 (50.000 dòng × 200 cột)"),
        ("false-dimension.xlsx", "trải tới ô A60000 (60.000 dòng"),
        ("implicit-columns.xlsx", "trải tới ô GS1 (1 dòng × 201 cột)"),
        ("late-doctype.xlsx", "Tệp chứa khai báo XML không được phép (DTD/ENTITY)."),
        ("fake.pdf", "Tệp không phải bảng tính Excel .xlsx."),
        ("empty.xlsx", "Tệp rỗng."),
    ],
)
def test_hostile_spreadsheets_are_refused_before_reading(
    tmp_path: Path, name: str, says: str
) -> None:
    data = write(tmp_path, name).read_bytes()
    assert says in _refusal(data, name)


def test_the_refusal_names_the_limits_in_vietnamese(tmp_path: Path) -> None:
    data = write(tmp_path, "sparse-corner.xlsx").read_bytes()
    assert _refusal(data) == (
        "Bảng tính có dữ liệu trải tới ô A1048576 (1.048.576 dòng × 1 cột): "
        f"{TOO_FAR}. Hãy xoá các ô thừa ngoài bảng rồi lưu lại."
    )


def _cells(n_rows: int, n_columns: int) -> str:
    row = "<c><v>1</v></c>" * n_columns
    return f"<row>{row}</row>" * n_rows


@pytest.mark.parametrize(
    ("rows", "refused"),
    [
        (_cells(1, 200), False),  # 200 columns: at the cap
        (_cells(1, 201), True),
        ('<row r="50000"><c r="T50000"/></row>', False),  # 50,000 × 20 = 1 M cells
        ('<row r="50000"><c r="U50000"/></row>', True),  # 50,000 × 21
        ('<row r="50001"/>', True),
        ("<row/>" * 50_000, False),
        ("<row/>" * 50_001, True),  # rows without a reference still count
        ('<row r="3"><c r="xfd3"/></row>', True),  # lower case, as the reader takes it
        ("<row r='1'><c r='XFD1'/></row>", True),  # single quotes
        ('<x:row r="1"><x:c r="XFD1"/></x:row>', True),  # a namespace prefix
        ('<row r="1"><c t=">" r="XFD1"/></row>', True),  # ">" in an attribute
        ('<row r="1"><c t=" r=\'A1\'" r="XFD1"/></row>', True),  # r in a value
        ('<row r="1"><c r="A99999999999999999999"/></row>', True),
        ('<row r="1"><c r="AAAAAAAAAA1"/></row>', True),
        ('<row r="1"><c r="A1" t="' + "x" * 5000 + '"/></row>', True),
        # Other elements whose names start with "c" or "row", and comments.
        ('<row r="2"><c r="B2"><v>1</v></c></row><cols><col min="1"/></cols>', False),
    ],
)
def test_cells_are_bounded_by_what_the_sheet_holds(rows: str, refused: bool) -> None:
    data = xlsx_with_sheet(rows, dimension="A1:A1")
    if refused:
        with pytest.raises(SpreadsheetError):
            read_workbook(data)
    else:
        assert read_workbook(data)


def test_chart_parts_do_not_count_as_cells() -> None:
    """DrawingML charts are full of <c:…> elements; none of them is a cell."""
    chart = (
        '<c:chartSpace xmlns:c="urn:c"><c:chart>'
        + '<c:pt idx="0"><c:v>1</c:v></c:pt>' * 500
        + "</c:chart></c:chartSpace>"
    ).encode()
    data = with_part(xlsx_with_sheet(_cells(2, 2)), "xl/charts/chart1.xml", chart)
    assert read_workbook(data)[0].rows == [[1.0, 1.0], [1.0, 1.0]]


@pytest.mark.parametrize(
    "declaration",
    ['<!DOCTYPE x [<!ENTITY a "b">]>', "<!doctype x>", '<!ENTITY a "b">'],
)
def test_a_declaration_anywhere_in_any_part_is_refused(declaration: str) -> None:
    padding = "<!-- " + "0123456789abcdef" * 20_000 + " -->"  # 320 KB first
    app = f'<?xml version="1.0"?>{padding}{declaration}<Properties/>'.encode()
    data = with_part(valid_xlsx(), "docProps/app.xml", app)
    with pytest.raises(SpreadsheetError, match="DTD/ENTITY"):
        check_ooxml(data, "xl/workbook.xml", "bảng tính Excel .xlsx")


def test_a_word_file_is_not_bounded_like_a_sheet(tmp_path: Path) -> None:
    """The cell bound applies to spreadsheets only; the DTD check to all."""
    data = write(tmp_path, "sparse-corner.xlsx").read_bytes()
    check_ooxml(data, "xl/workbook.xml", "tệp")  # no bound asked: passes
    with pytest.raises(SpreadsheetError, match="Tệp rỗng"):
        check_ooxml(b"", "word/document.xml", "văn bản Word .docx")


_MEASURE = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a safety net only
from cnscd.core.spreadsheets import SpreadsheetError, read_workbook
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    read_workbook(data, "x.xlsx")
    refused = False
except SpreadsheetError:
    refused = True
seconds = time.perf_counter() - started
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"refused": refused, "kib": grown, "seconds": seconds}))
"""


@pytest.mark.parametrize("name", ["ten-million-area.xlsx", "sparse-corner.xlsx"])
def test_refusing_a_huge_area_does_not_grow_the_process(
    tmp_path: Path, name: str
) -> None:
    """In a fresh interpreter, so that the peak measured is this refusal's (a
    reader that allocated the area would abort it, not the test run)."""
    path = write(tmp_path, name)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)
    assert figures["refused"] is True
    assert figures["kib"] < 100 * 1024
