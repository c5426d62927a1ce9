"""Creating, renaming and importing villages."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from cnscd.core.concurrency import StaleVersion
from cnscd.core.models import AuditEvent
from cnscd.units import services
from cnscd.units.choices import Level, UnitType
from cnscd.units.models import AdministrativeUnit
from conftest import Tree


def xlsx(rows: list[list[object]], title: list[list[object]] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in (title or []) + rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def villages_of(unit: AdministrativeUnit) -> list[str]:
    return sorted(
        AdministrativeUnit.objects.filter(parent=unit).values_list("name", flat=True)
    )


def test_commune_officer_creates_a_village_with_audit(
    tree: Tree, commune_a_officer
) -> None:
    v = services.village_create(
        actor=commune_a_officer,
        commune=tree.a,
        name=" Tổ dân phố  số 3 ",
        unit_type=UnitType.TO_DAN_PHO,
    )
    assert (v.name, v.code, v.path, v.level, v.depth) == (
        "Tổ dân phố số 3",
        "90001.003",
        "/legacy/90/90001/90001.003/",
        Level.VILLAGE,
        3,
    )
    event = AuditEvent.objects.get(action="unit.create")
    assert event.actor == commune_a_officer and event.after["name"] == "Tổ dân phố số 3"


def test_duplicate_village_names_are_refused_ignoring_case_and_accents(
    tree: Tree, commune_a_officer
) -> None:
    with pytest.raises(ValidationError, match="đã có"):
        services.village_create(
            actor=commune_a_officer, commune=tree.a, name="THÔN ĐÔNG"
        )
    assert villages_of(tree.a) == ["Thôn Đoài", "Thôn Đông"]


def test_officer_cannot_create_in_a_sibling_commune_or_as_team_leader(
    tree: Tree, commune_a_officer, team_a_leader
) -> None:
    with pytest.raises(PermissionDenied):
        services.village_create(
            actor=commune_a_officer, commune=tree.b, name="Thôn Mới"
        )
    with pytest.raises(PermissionDenied):
        services.village_create(actor=team_a_leader, commune=tree.a, name="Thôn Mới")
    assert villages_of(tree.b) == ["Thôn Nam"]


def test_stale_rename_is_refused_and_loses_nothing(
    tree: Tree, commune_a_officer
) -> None:
    version = tree.a1.version
    services.village_update(
        actor=commune_a_officer,
        village=tree.a1,
        name="Thôn Đông Mới",
        unit_type=UnitType.THON,
        version=version,
    )
    with pytest.raises(StaleVersion):
        services.village_update(
            actor=commune_a_officer,
            village=tree.a1,
            name="Thôn Khác",
            unit_type=UnitType.THON,
            version=version,
        )
    tree.a1.refresh_from_db()
    assert tree.a1.name == "Thôn Đông Mới" and tree.a1.version == version + 1


def test_import_dry_run_commit_and_reimport(tree: Tree, province_officer) -> None:
    data = xlsx(
        [
            ["STT", "Mã xã", "Tên thôn", "Loại"],
            [1, "90001", "Thôn Bắc", "Thôn"],
            [2, "Xã Bình Minh", "Tổ dân phố số 1", "tổ dân phố"],
            [3, "binh minh", "Thôn Nam", ""],
        ],
        title=[["DANH SÁCH THÔN, TỔ DÂN PHỐ"], []],
    )
    dry = services.villages_import(
        actor=province_officer, data=data, filename="t.xlsx", dry_run=True
    )
    assert dry.as_dict() == {
        "created": 2,
        "unchanged": 1,
        "rejected": [],
        "stored": False,
    }
    assert villages_of(tree.b) == ["Thôn Nam"]
    done = services.villages_import(
        actor=province_officer, data=data, filename="t.xlsx"
    )
    assert done.stored and villages_of(tree.b) == ["Thôn Nam", "Tổ dân phố số 1"]
    assert (
        AdministrativeUnit.objects.get(name="Tổ dân phố số 1").unit_type
        == UnitType.TO_DAN_PHO
    )
    again = services.villages_import(
        actor=province_officer, data=data, filename="t.xlsx"
    )
    assert again.as_dict() == {
        "created": 0,
        "unchanged": 3,
        "rejected": [],
        "stored": True,
    }


def test_import_is_all_or_nothing_with_row_findings(
    tree: Tree, commune_a_officer
) -> None:
    data = xlsx(
        [
            ["Mã xã", "Tên thôn", "Loại"],
            ["90001", "Thôn Mới 1", ""],
            ["90002", "Thôn Của Xã Khác", ""],  # sibling commune: out of scope
            ["99999", "Thôn Lạ", ""],  # unknown commune
            ["90001", "thôn mới 1", ""],  # duplicate of row 2
            ["90001", "Thôn Mới 2", "lâu đài"],  # unknown type
            ["", "Thôn Không Xã", ""],
        ],
    )
    result = services.villages_import(
        actor=commune_a_officer, data=data, filename="t.xlsx"
    )
    assert not result.stored
    assert [(f.row, f.message) for f in result.rejected] == [
        (3, "Không tìm thấy xã “90002” trong phạm vi của bạn."),
        (4, "Không tìm thấy xã “99999” trong phạm vi của bạn."),
        (5, "“thôn mới 1” trùng với dòng 2 trong cùng xã."),
        (
            6,
            "Loại đơn vị “lâu đài” không hợp lệ (thôn, tổ dân phố, khu dân cư, bản, ấp…).",
        ),
        (7, "Thiếu mã hoặc tên xã."),
    ]
    assert villages_of(tree.a) == ["Thôn Đoài", "Thôn Đông"]


def test_import_without_header_is_a_clear_error(tree: Tree, commune_a_officer) -> None:
    with pytest.raises(ValidationError, match="Không tìm thấy dòng tiêu đề"):
        services.villages_import(
            actor=commune_a_officer, data=xlsx([["a", "b"], [1, 2]]), filename="t.xlsx"
        )


def _zip(entries: dict[str, bytes], compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as zf:
        for name, body in entries.items():
            zf.writestr(name, body)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.xlsx", "Tệp rỗng."),
        (b"MZ\x90\x00 an exe renamed", "a.xlsx", "không phải bảng tính Excel"),
        (b"<html><body>x</body></html>", "a.xlsx", "không phải bảng tính Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls", "định dạng cũ"),
        (
            _zip({"hello.txt": b"x"}),
            "a.xlsx",
            "không phải bảng tính Excel .xlsx hợp lệ",
        ),
        (
            _zip(
                {
                    "[Content_Types].xml": b"x",
                    "xl/workbook.xml": b"x",
                    "xl/vbaProject.bin": b"x",
                }
            ),
            "a.xlsm",
            "macro",
        ),
        (
            _zip(
                {
                    "[Content_Types].xml": b"x",
                    "xl/workbook.xml": b"x",
                    "xl/worksheets/sheet1.xml": b"\x00" * 20_000_000,
                }
            ),
            "bomb.xlsx",
            "tỉ lệ nén",
        ),
        (
            _zip(
                {
                    "[Content_Types].xml": b"x",
                    "xl/workbook.xml": b"x",
                    **{f"x/{i}": b"x" for i in range(201)},
                }
            ),
            "a.xlsx",
            "quá nhiều thành phần",
        ),
        (
            _zip(
                {
                    "[Content_Types].xml": b"x",
                    "xl/workbook.xml": b"x",
                    "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet/>',
                }
            ),
            "a.xlsx",
            "DTD/ENTITY",
        ),
        (
            _zip(
                {
                    "[Content_Types].xml": b"x",
                    "xl/workbook.xml": b"x",
                    # The cells, not the claimed dimension, say how large it is.
                    "xl/worksheets/sheet1.xml": b'<worksheet><dimension ref="A1:B2"/>'
                    b'<sheetData><row r="60000"><c r="B60000"/></row></sheetData>'
                    b"</worksheet>",
                }
            ),
            "a.xlsx",
            "vượt giới hạn đọc an toàn",
        ),
        (xlsx([["Mã xã", "Tên thôn"]])[:300], "cut.xlsx", "hỏng"),
    ],
)
def test_bad_files_are_rejected_with_a_vietnamese_message(
    tree: Tree, commune_a_officer, data: bytes, filename: str, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.villages_import(actor=commune_a_officer, data=data, filename=filename)
    assert message in exc.value.messages[0]
    assert villages_of(tree.a) == ["Thôn Đoài", "Thôn Đông"]


def test_formula_cells_are_read_as_values_never_as_formula_text(
    tree: Tree, commune_a_officer
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã xã", "Tên thôn"])
    ws.append(["90001", '=HYPERLINK("http://x","Thôn Độc")'])
    buf = io.BytesIO()
    wb.save(buf)
    result = services.villages_import(
        actor=commune_a_officer, data=buf.getvalue(), filename="f.xlsx"
    )
    # openpyxl writes no cached value, so the cell reads as empty: the row is
    # rejected instead of storing formula text as a village name.
    assert not AdministrativeUnit.objects.filter(name__contains="HYPERLINK").exists()
    assert result.rejected and "không được để trống" in result.rejected[0].message


def test_csv_import_works(tree: Tree, commune_a_officer) -> None:
    data = "Mã xã,Tên thôn\n90001,Thôn Bắc\n".encode()
    result = services.villages_import(
        actor=commune_a_officer, data=data, filename="t.csv"
    )
    assert result.stored and "Thôn Bắc" in villages_of(tree.a)
