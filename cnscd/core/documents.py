"""Checking uploaded documents that are kept and shown, not read for data
(decision scans, evaluation evidence): each file must be what its name says.

A PDF is opened with pypdf and must have a page: a text file that merely
starts with "%PDF-" is refused. Office files get the same guards as imported
spreadsheets; images must carry their format's signature. Every refusal is a
ValidationError with the reason in Vietnamese.
"""

import io

from django.core.exceptions import ValidationError
from pypdf import PdfReader

from cnscd.core.spreadsheets import SpreadsheetError, check_ooxml

EMPTY = "Tệp rỗng."
_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff", "ảnh JPG"),
    ".jpeg": (b"\xff\xd8\xff", "ảnh JPG"),
    ".png": (b"\x89PNG\r\n\x1a\n", "ảnh PNG"),
}
_OFFICE = {
    ".docx": ("word/document.xml", "văn bản Word .docx"),
    ".xlsx": ("xl/workbook.xml", "bảng tính Excel .xlsx"),
}


def check_pdf(data: bytes) -> None:
    """Refuse what is not a PDF with at least one page (callers cap the size).

    pypdf bounds what it reads (array sizes, decompressed streams, cyclic page
    trees) and raises on anything broken; any of its errors is a refusal,
    never a server error."""
    if not data:
        raise ValidationError(EMPTY)
    end = data.rfind(b"%%EOF")
    if end >= 0 and data[end + 5 :].strip(b"\r\n\t \x00"):
        # Bytes after the last end-of-file marker: another file rides along
        # (a zip, a script), a polyglot that one reader sees as a PDF.
        raise ValidationError(
            "Tệp PDF có dữ liệu lạ sau phần kết thúc: hãy quét hoặc xuất lại thành PDF."
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                "Tệp PDF được đặt mật khẩu: hãy gửi bản không có mật khẩu."
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf's errors, RecursionError, MemoryError…
        raise ValidationError(
            "Tệp không phải PDF hợp lệ (không mở được): hãy quét hoặc xuất lại "
            "thành PDF."
        ) from exc
    if pages == 0:
        raise ValidationError("Tệp PDF không có trang nào.")


def check_document(data: bytes, suffix: str) -> None:
    """Refuse `data` unless it is a sound file of the kind `suffix` (".pdf",
    ".jpg", ".jpeg", ".png", ".docx" or ".xlsx") names."""
    if not data:
        raise ValidationError(EMPTY)
    if suffix == ".pdf":
        check_pdf(data)
    elif suffix in _SIGNATURES:
        signature, kind = _SIGNATURES[suffix]
        if not data.startswith(signature):
            raise ValidationError(f"Tệp không phải {kind}.")
    elif suffix in _OFFICE:
        main_part, kind = _OFFICE[suffix]
        try:
            check_ooxml(data, main_part, kind, bound_cells=suffix == ".xlsx")
        except SpreadsheetError as exc:
            raise ValidationError(exc.message) from exc
    else:
        raise ValidationError(f"Không nhận loại tệp “{suffix}”.")
