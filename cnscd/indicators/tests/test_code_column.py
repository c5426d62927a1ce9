"""Sheets that name units by GSO code: any number of rows, units of a lower
level than the parent's children (every commune of a province or of the
country), codes that lost their leading zeros in Excel."""

import pytest

from cnscd.core.system import SYSTEM
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.models import DataValue
from cnscd.indicators.tests.sheets import numbered_sheet
from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

HEADER = [
    "STT",
    "Mã xã",
    "Tên xã",
    "Số buổi tập huấn",
    "Số thành viên được tập huấn",
    "Người dân được hướng dẫn",
    "Tài khoản DVCTT",
    "Tài khoản VNeID",
]


def sheet(rows: list[list[object]]) -> bytes:
    return numbered_sheet(HEADER, rows)


def unit(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(structure="legacy", level=level, code=code)


@pytest.fixture
def loaded() -> None:
    load_units()


def test_communes_of_the_whole_country_by_code(loaded: None) -> None:
    ba_dinh = unit("commune", "00001")  # Phúc Xá, Hà Nội
    thanh_mien = unit("commune", "11239")  # Hải Dương
    result = import_sheet(
        actor=SYSTEM,
        data=sheet(
            [
                [1, ba_dinh.name, 2, 10, 300, 100, 200],  # "00001" typed as a number
                ["11239", "TT Thanh Miện", 3, 12, 400, 150, 250],
            ]
        ),
        filename="toan-quoc.xlsx",
        period="202305",
        parent=unit("country", "VN"),
    )
    out = result.as_dict()
    assert out["stored"], out["findings"]
    assert out["form"] == "bc-cnscd-xa"
    assert [r["unit_code"] for r in out["rows"]] == ["00001", "11239"]
    assert DataValue.objects.filter(unit__in=[ba_dinh, thanh_mien]).count() == 10
    missing = next(f for f in out["findings"] if f["kind"] == "missing_unit")
    # 10.033 communes have no row: 15 are named, the rest counted the Vietnamese way.
    assert missing["message"].startswith("Tệp không có dòng cho: ")
    assert missing["message"].endswith(" và 10.018 đơn vị khác.")
    assert missing["message"].count(", ") == 14


def test_a_code_that_names_another_unit_is_a_warning(loaded: None) -> None:
    result = import_sheet(
        actor=SYSTEM,
        data=sheet([["11239", "Xã Đoàn Kết", 1, 5, 50, 10, 20]]),
        filename="t.xlsx",
        period="202305",
        parent=unit("province", "30"),
        dry_run=True,
    )
    found = [f for f in result.findings if f.kind == "code_name_mismatch"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].message == (
        "Mã 11239 là Thị trấn Thanh Miện, nhưng dòng ghi tên “Xã Đoàn Kết”: "
        "hãy kiểm tra lại mã hoặc tên."
    )
    assert result.rows[0].unit_code == "11239"


def test_unknown_codes_and_names_that_need_a_code(loaded: None) -> None:
    result = import_sheet(
        actor=SYSTEM,
        data=sheet(
            [
                ["99999", "Xã Không Có", 1, 5, 50, 10, 20],
                ["", "Xã Không Có Mã", 1, 5, 50, 10, 20],
            ]
        ),
        filename="t.xlsx",
        period="202305",
        parent=unit("province", "30"),
    )
    errors = [f.message for f in result.findings if f.kind == "unmatched_unit"]
    assert not result.stored and not DataValue.objects.exists()
    assert errors[0] == (
        "Mã “99999” (dòng “Xã Không Có”) không phải đơn vị nào trong Tỉnh Hải Dương."
    )
    # 235 communes: no list of names, the code column is suggested instead.
    assert errors[1].startswith(
        "Không nhận ra đơn vị “Xã Không Có Mã” trong Tỉnh Hải Dương."
    )
    assert "Hãy thêm cột “Mã đơn vị”" in errors[1]
