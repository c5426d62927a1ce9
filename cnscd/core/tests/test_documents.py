"""Uploaded documents are opened, not sniffed: fake and empty PDFs, images and
Office files that are not what their name says."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cnscd.core.documents import check_document, check_pdf
from tests.hostile_files import write


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("fake.pdf", "Tệp không phải PDF hợp lệ (không mở được)"),
        ("pageless.pdf", "Tệp PDF không có trang nào."),
        ("empty.xlsx", "Tệp rỗng."),
        ("valid.xlsx", "Tệp không phải PDF hợp lệ"),
    ],
)
def test_pdfs_are_opened_not_sniffed(tmp_path: Path, name: str, says: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_pdf(write(tmp_path, name).read_bytes())
    assert info.value.messages[0].startswith(says)


def test_a_genuine_pdf_passes_and_a_cut_one_does_not(tmp_path: Path) -> None:
    data = write(tmp_path, "valid.pdf").read_bytes()
    check_pdf(data)
    check_document(data, ".pdf")
    with pytest.raises(ValidationError):
        check_pdf(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("data", "suffix", "says"),
    [
        (b"", ".png", "Tệp rỗng."),
        (b"GIF89a", ".png", "Tệp không phải ảnh PNG."),
        (b"\x89PNG\r\n", ".jpg", "Tệp không phải ảnh JPG."),
        (b"PK\x03\x04", ".docx", "Tệp bị hỏng hoặc không phải văn bản Word .docx."),
    ],
)
def test_documents_must_be_what_their_name_says(
    data: bytes, suffix: str, says: str
) -> None:
    with pytest.raises(ValidationError) as info:
        check_document(data, suffix)
    assert info.value.messages == [says]


def test_polyglots_are_refused_as_two_files_in_one() -> None:
    """A PDF with a workbook appended, and a workbook behind a PDF header:
    each reader would open its half; both are refused."""
    from cnscd.core.spreadsheets import SpreadsheetError, check_ooxml
    from tests.hostile_files import polyglot_pdf, polyglot_zip, valid_pdf

    check_pdf(valid_pdf() + b"\r\n")  # trailing line ends are not a second file
    with pytest.raises(ValidationError, match="dữ liệu lạ sau phần kết thúc"):
        check_pdf(polyglot_pdf())
    with pytest.raises(SpreadsheetError, match="không phải bảng tính"):
        check_ooxml(polyglot_zip(), "xl/workbook.xml", "bảng tính Excel .xlsx")
