"""Reading uploaded spreadsheets safely (SECURITY I5–I8).

Sizes, entry count, compression ratio and rows are checked *before* the file is
parsed; a zip whose central directory lies about sizes is caught by a streaming
byte cap. Only genuine OOXML .xlsx (and .csv) is accepted. Cells come back as
values (python-calamine reads cached results, never formula text).
"""

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from python_calamine import CalamineWorkbook, SheetVisibleEnum

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 200
MAX_ROWS = 50_000
MAX_COLUMNS = 200
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:([A-Z]+)(\d+)"')


class SpreadsheetError(Exception):
    """The file cannot be read; `message` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Any]]


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _check_xlsx(data: bytes) -> None:
    check_ooxml(data, "xl/workbook.xml", "bảng tính Excel .xlsx")


def check_ooxml(data: bytes, main_part: str, kind: str) -> None:
    """Guards for an Office Open XML file (SECURITY: size, entries, zip ratio,
    no macros) before any parser sees it; `kind` names it in the message."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise SpreadsheetError(f"Tệp bị hỏng hoặc không phải {kind}.") from exc
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or main_part not in names:
        raise SpreadsheetError(f"Tệp không phải {kind} hợp lệ.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise SpreadsheetError(
            f"Tệp có chứa macro (VBA): chỉ nhận {kind} không có macro."
        )
    if len(infos) > MAX_ENTRIES:
        raise SpreadsheetError(
            "Tệp có quá nhiều thành phần bên trong; không thể đọc an toàn."
        )
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            "Nội dung giải nén của tệp vượt quá 50 MB; hãy chia nhỏ tệp."
        )
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise SpreadsheetError(
                "Tệp có tỉ lệ nén bất thường (nghi tệp nén độc hại)."
            )
    total = 0
    try:
        for info in infos:
            with zf.open(info) as fh:
                head = b""
                while chunk := fh.read(64 * 1024):
                    if len(head) < 4096:
                        head += chunk[:4096]
                    total += len(chunk)
                    if total > MAX_UNCOMPRESSED_BYTES:
                        raise SpreadsheetError(
                            "Nội dung giải nén của tệp vượt quá 50 MB; hãy chia nhỏ tệp."
                        )
            m = (
                _DIMENSION.search(head)
                if info.filename.startswith("xl/worksheets/")
                else None
            )
            if m and (
                int(m.group(2)) > MAX_ROWS or _column_number(m.group(1)) > MAX_COLUMNS
            ):
                raise SpreadsheetError(
                    f"Trang tính quá lớn (tối đa {MAX_ROWS:,} dòng × {MAX_COLUMNS} cột).".replace(
                        ",", "."
                    )
                )
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise SpreadsheetError(
                    "Tệp chứa khai báo XML không được phép (DTD/ENTITY)."
                )
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise SpreadsheetError(f"Tệp bị hỏng hoặc không phải {kind}.") from exc


def _read_csv(data: bytes) -> list[Sheet]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError("Tệp CSV phải dùng bảng mã UTF-8.") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) > MAX_ROWS or any(len(r) > MAX_COLUMNS for r in rows):
        raise SpreadsheetError("Tệp CSV quá lớn.")
    return [Sheet("CSV", [list(r) for r in rows])]


def read_workbook(data: bytes, filename: str = "") -> list[Sheet]:
    """Return the visible sheets of an uploaded .xlsx or .csv, checked first."""
    if not data:
        raise SpreadsheetError("Tệp rỗng.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError("Tệp lớn hơn 10 MB.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetError(
            "Tệp Excel định dạng cũ (.xls): hãy mở bằng Excel và lưu lại thành .xlsx."
        )
    if data[:4] != b"PK\x03\x04":
        if filename.lower().endswith(".csv"):
            return _read_csv(data)
        raise SpreadsheetError("Tệp không phải bảng tính Excel .xlsx.")
    _check_xlsx(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if meta.visible == SheetVisibleEnum.Visible:
                rows = book.get_sheet_by_name(meta.name).to_python(
                    skip_empty_area=False
                )
                sheets.append(Sheet(meta.name, [list(r) for r in rows]))
    except SpreadsheetError:
        raise
    except Exception as exc:  # calamine raises its own error types
        raise SpreadsheetError("Không đọc được nội dung bảng tính.") from exc
    if not sheets:
        raise SpreadsheetError("Bảng tính không có trang nào hiển thị.")
    return sheets


def cell_text(value: Any) -> str:
    """A cell as trimmed text: numbers without a spurious ".0", None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
