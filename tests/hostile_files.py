"""Hostile and edge-case upload files, built in pure Python (zipfile, openpyxl).

One copy of the generators: the tests build their files with these functions,
and `scripts/make_hostile_files.py` writes them all into a folder for manual
checks. The part each file is about is stored uncompressed, so that no file is
refused merely for its compression ratio: each one must be caught by the check
it is aimed at.
"""

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

_SHEET = "xl/worksheets/sheet1.xml"
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def valid_xlsx() -> bytes:
    """A small genuine workbook (openpyxl), the base the others are made from."""
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên"])
    ws.append([1, "Nguyễn Văn An"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_part(base: bytes, name: str, content: bytes) -> bytes:
    """`base` with the zip entry `name` set to `content` (replaced, or added),
    that entry stored as is."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info.filename, src.read(info))
        dst.writestr(name, content, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def xlsx_with_sheet(rows: str, dimension: str = "A1:A1", prolog: str = "") -> bytes:
    """A genuine workbook whose first sheet's <sheetData> is `rows` (raw XML)."""
    return with_part(valid_xlsx(), _SHEET, _sheet_xml(dimension, rows, prolog))


def _sheet_xml(dimension: str, rows: str, prolog: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'{prolog}<worksheet xmlns="{_NS}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def _cell(ref: str, row: int, value: int) -> str:
    return f'<row r="{row}"><c r="{ref}"><v>{value}</v></c></row>'


def sparse_corner_xlsx() -> bytes:
    """Two cells, A1 and XFD1048576 (Excel's last cell), under a dimension that
    claims A1:B2: a dense reader would allocate 17 billion cells."""
    rows = _cell("A1", 1, 1) + _cell("XFD1048576", 1048576, 2)
    return with_part(valid_xlsx(), _SHEET, _sheet_xml("A1:B2", rows))


def ten_million_area_xlsx() -> bytes:
    """Cells at A1 and GR50000: 50,000 rows × 200 columns = 10 million cells,
    each axis within the row and column caps, the area far beyond reason."""
    rows = _cell("A1", 1, 1) + _cell("GR50000", 50000, 2)
    return with_part(valid_xlsx(), _SHEET, _sheet_xml("A1:B2", rows))


def false_dimension_xlsx() -> bytes:
    """A dimension of A1:B2 over a cell at B60000 (beyond the row cap)."""
    rows = _cell("A1", 1, 1) + _cell("B60000", 60000, 2)
    return with_part(valid_xlsx(), _SHEET, _sheet_xml("A1:B2", rows))


def implicit_columns_xlsx() -> bytes:
    """One row of 300 cells without references (positions implied by order):
    300 columns, whatever the dimension of A1:A1 says."""
    cells = "<c><v>1</v></c>" * 300
    return with_part(valid_xlsx(), _SHEET, _sheet_xml("A1:A1", f"<row>{cells}</row>"))


def late_doctype_xlsx() -> bytes:
    """A worksheet whose DOCTYPE (with an ENTITY) sits after 5 KB of comment:
    past any check that reads only the head of each part."""
    padding = "".join(
        hashlib.sha256(str(i).encode()).hexdigest() for i in range(80)
    )  # 5,120 bytes that do not compress
    prolog = f'<!-- {padding} --><!DOCTYPE worksheet [<!ENTITY x "y">]>'
    rows = _cell("A1", 1, 1)
    return with_part(valid_xlsx(), _SHEET, _sheet_xml("A1:A1", rows, prolog))


def fake_pdf() -> bytes:
    """A text file that merely starts with the PDF signature."""
    return b"%PDF-1.4\nNay chi la mot tep van ban, khong phai PDF.\n"


def _pdf(page_count: int) -> bytes:
    """A well-formed PDF (header, objects, cross-reference table, trailer)."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(page_count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode(),
        *(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
            for _ in range(page_count)
        ),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def valid_pdf() -> bytes:
    """A genuine one-page PDF."""
    return _pdf(1)


def pageless_pdf() -> bytes:
    """A well-formed PDF with no page at all."""
    return _pdf(0)


def empty_file() -> bytes:
    return b""


def zip_bomb_xlsx() -> bytes:
    """A workbook with a 60 MB part of zeros squeezed into a few dozen KB."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(valid_xlsx())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("xl/media/padding.bin", bytes(60 * 1024 * 1024))
    return out.getvalue()


def macro_renamed_xlsx() -> bytes:
    """A macro-enabled workbook (.xlsm, with its VBA project) renamed .xlsx."""
    return with_part(valid_xlsx(), "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0VBA")


def polyglot_pdf() -> bytes:
    """A genuine PDF with a workbook appended: a PDF to one reader, a zip to
    another."""
    return valid_pdf() + valid_xlsx()


def polyglot_zip() -> bytes:
    """A workbook with a PDF header in front of it (zip readers start from
    the end, so a PDF viewer and a spreadsheet reader both open it)."""
    return b"%PDF-1.4\n%\xe2\xe3\n" + valid_xlsx()


def jinja_docx() -> bytes:
    """A Word file whose text is a Jinja attack on the report template."""
    from docx import Document

    document = Document()
    document.add_paragraph("{{ lipsum.__globals__['os'].getcwd() }}")
    document.add_paragraph("{{ ''.__class__.__mro__ }}")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def fifty_mb() -> bytes:
    """50 MB and one byte: above every upload limit."""
    return b"PK\x03\x04" + bytes(50 * 1024 * 1024 - 3)


GENERATORS: dict[str, Callable[[], bytes]] = {
    "sparse-corner.xlsx": sparse_corner_xlsx,
    "ten-million-area.xlsx": ten_million_area_xlsx,
    "false-dimension.xlsx": false_dimension_xlsx,
    "implicit-columns.xlsx": implicit_columns_xlsx,
    "late-doctype.xlsx": late_doctype_xlsx,
    "fake.pdf": fake_pdf,
    "pageless.pdf": pageless_pdf,
    "empty.xlsx": empty_file,
    "zip-bomb.xlsx": zip_bomb_xlsx,
    "macro-renamed.xlsx": macro_renamed_xlsx,
    "polyglot.pdf": polyglot_pdf,
    "polyglot.xlsx": polyglot_zip,
    "jinja.docx": jinja_docx,
    "fifty-mb.xlsx": fifty_mb,
    "valid.xlsx": valid_xlsx,
    "valid.pdf": valid_pdf,
}


# The whole malicious corpus: every upload route refuses every one of these.
CORPUS = [
    "sparse-corner.xlsx",
    "ten-million-area.xlsx",
    "false-dimension.xlsx",
    "late-doctype.xlsx",
    "fake.pdf",
    "pageless.pdf",
    "empty.xlsx",
    "zip-bomb.xlsx",
    "macro-renamed.xlsx",
    "polyglot.pdf",
    "polyglot.xlsx",
    "jinja.docx",
    "fifty-mb.xlsx",
]

# The files every upload route must refuse (their messages tested route by route).
REFUSED_EVERYWHERE = [
    "sparse-corner.xlsx",
    "ten-million-area.xlsx",
    "false-dimension.xlsx",
    "late-doctype.xlsx",
    "fake.pdf",
    "empty.xlsx",
]


def write(folder: Path, name: str) -> Path:
    """Build the file `name` (a key of GENERATORS) in `folder`; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(GENERATORS[name]())
    return path


def write_all(folder: Path) -> dict[str, Path]:
    """Build every file in `folder`."""
    return {name: write(folder, name) for name in GENERATORS}


def upload(folder: Path, name: str) -> io.BytesIO:
    """The file `name`, built in `folder`, as a test client posts it."""
    handle = io.BytesIO(write(folder, name).read_bytes())
    handle.name = name
    return handle


def files_in(folder: Path) -> list[Path]:
    """Every file under `folder` (none if it does not exist)."""
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
