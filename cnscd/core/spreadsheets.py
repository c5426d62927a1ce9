"""Reading uploaded spreadsheets safely (SECURITY I5–I8).

Sizes, entry count, compression ratio, XML declarations and the extent of the
cells are checked *before* the file is parsed; a zip whose central directory
lies about sizes is caught by a byte cap while reading. The extent is measured
from the cells present, since the reader allocates the whole rectangle up to the
farthest cell: a 5 KB file with cells at A1 and XFD1048576 would ask for 17
billion cells. Only genuine OOXML .xlsx (and .csv) is accepted. Cells come back
as values (python-calamine reads cached results, never formula text).
"""

import csv
import functools
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any, NoReturn

from python_calamine import CalamineWorkbook, SheetVisibleEnum

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 200
MAX_ROWS = 50_000
MAX_COLUMNS = 200
# The reader allocates a dense rectangle from A1 to the farthest cell, so the
# area is bounded too: 50,000 rows of 20 columns, or 5,000 rows of 200.
MAX_CELLS = 1_000_000
# A <row …> or <c …> start tag (any namespace prefix). The usual first
# attribute r="A1" is read by the pattern itself; any other attributes are kept
# whole (their values may hold ">"), so an unusual or second r="…" is still
# found. A tag longer than any real one does not match, and is refused.
_CELL_TAG = re.compile(rb"<(?:[^\s<>/=\"']*:)?(row|c)(?=[\s/>])")
_CELL_TAG_WHOLE = re.compile(
    rb"<(?:[^\s<>/=\"']*:)?(row|c)(?=[\s/>])"
    rb'(?:\s+r="([A-Za-z]{0,3})([0-9]{0,7})"(?=[\s/>]))?'
    rb"""((?:[^>"']|"[^"]{0,4096}"|'[^']{0,4096}'){0,8192})>"""
)
_REF = re.compile(rb"""(?:^|[\s"'])(?:[^\s=:"']+:)?r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MAYBE_REF = re.compile(rb"r\s*=")
_LETTERS = re.compile(rb"[A-Za-z]+")
_DIGITS = re.compile(rb"\d+")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_TOO_FAR = 10**9  # a reference longer than any real one counts as this far


class SpreadsheetError(Exception):
    """The file cannot be read; `message` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Any]]


@functools.lru_cache(maxsize=4096)
def _column_number(letters: bytes) -> int:
    if len(letters) > 4:
        return _TOO_FAR
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _reference(attributes: bytes) -> tuple[int, int]:
    """The (row, column) a tag's r="…" names, 0 for a part it leaves out; the
    farthest if the tag has several (another attribute cannot hide it)."""
    row = column = 0
    for m in _REF.finditer(attributes):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        letters, digits = _LETTERS.search(value), _DIGITS.search(value)
        if letters:
            column = max(column, _column_number(letters.group()))
        if digits:
            n = int(digits.group()) if len(digits.group()) <= 9 else _TOO_FAR
            row = max(row, n)
    return row, column


def _check_cells(xml: bytes) -> None:
    """Refuse a part whose cells reach past the caps, measured from the cells
    themselves (whatever <dimension> claims), before a reader allocates the
    rectangle up to the farthest one. A row or cell without a reference is the
    one after the previous, as readers place it. Tags inside comments are
    counted too: that can only overestimate. The first malformed tag stops the
    scan, so it stays linear in the size of the part."""
    row = column = last_row = last_column = pos = 0
    while (start := _CELL_TAG.search(xml, pos)) is not None:
        tag = _CELL_TAG_WHOLE.match(xml, start.start())
        if tag is None:
            raise SpreadsheetError("Tệp có thẻ XML hỏng hoặc dài bất thường.")
        pos = tag.end()
        name, letters, digits, rest = tag.groups()
        ref_row = int(digits) if digits else 0
        ref_column = _column_number(letters) if letters else 0
        if _MAYBE_REF.search(rest):  # a reference the pattern did not read
            more_row, more_column = _reference(rest)
            ref_row, ref_column = max(ref_row, more_row), max(ref_column, more_column)
        if name == b"row":
            row, column = ref_row or row + 1, 0
        else:
            column = ref_column or column + 1
            row = max(row, ref_row)
        if row > last_row or column > last_column:
            last_row, last_column = max(last_row, row), max(last_column, column)
            if (
                last_row > MAX_ROWS
                or last_column > MAX_COLUMNS
                or last_row * last_column > MAX_CELLS
            ):
                _refuse_extent(last_row, last_column)


def _refuse_extent(rows: int, columns: int) -> NoReturn:
    far = f"{_column_letters(min(columns, 16384))}{min(rows, 1048576)}"
    raise SpreadsheetError(
        f"Bảng tính có dữ liệu trải tới ô {far} "
        f"({_grouped(rows)} dòng × {_grouped(columns)} cột): vượt giới hạn đọc "
        f"an toàn ({_grouped(MAX_ROWS)} dòng, {MAX_COLUMNS} cột, "
        f"{_grouped(MAX_CELLS)} ô). Hãy xoá các ô thừa ngoài bảng rồi lưu lại."
    )


def _check_xlsx(data: bytes) -> None:
    check_ooxml(data, "xl/workbook.xml", "bảng tính Excel .xlsx", bound_cells=True)


def check_ooxml(
    data: bytes, main_part: str, kind: str, *, bound_cells: bool = False
) -> None:
    """Guards for an Office Open XML file (SECURITY: size, entries, zip ratio,
    no macros, no DTD in any part) before any parser sees it; `kind` names it
    in the message. With `bound_cells`, the cells of every part are bounded
    (rows, columns, area) as a spreadsheet reader would lay them out.

    Every part is read whole, one at a time, within the cap on uncompressed
    bytes: a declaration or a far cell is found wherever it sits, with no
    chunk boundary to hide it."""
    if not data:
        raise SpreadsheetError("Tệp rỗng.")
    if not data.startswith(b"PK\x03\x04"):
        # A zip read from its end tolerates anything before it: a PDF (or a
        # script) with a workbook appended is two files in one, refused.
        raise SpreadsheetError(f"Tệp không phải {kind}.")
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
    too_big = "Nội dung giải nén của tệp vượt quá 50 MB; hãy chia nhỏ tệp."
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(too_big)
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise SpreadsheetError(
                "Tệp có tỉ lệ nén bất thường (nghi tệp nén độc hại)."
            )
    left = MAX_UNCOMPRESSED_BYTES
    try:
        for info in infos:
            with zf.open(info) as fh:
                part = fh.read(left + 1)  # a lying size header stops here
            left -= len(part)
            if left < 0:
                raise SpreadsheetError(too_big)
            if _DTD.search(part):
                raise SpreadsheetError(
                    "Tệp chứa khai báo XML không được phép (DTD/ENTITY)."
                )
            if bound_cells:
                _check_cells(part)
    except (
        zipfile.BadZipFile,
        EOFError,
        OSError,
        zlib.error,
        RuntimeError,  # an encrypted entry
        NotImplementedError,  # a compression method zipfile lacks
    ) as exc:
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
