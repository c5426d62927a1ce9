"""Criteria sets from and to the scoring-table layout; bad sets are refused
with the row named and nothing stored."""

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from cnscd.core.system import SYSTEM
from cnscd.evaluation.criteria_io import HEADER, criteria_export, criteria_import
from cnscd.evaluation.models import CriteriaSet, Criterion

pytestmark = pytest.mark.django_db

META = [
    ["BỘ TIÊU CHÍ ĐÁNH GIÁ TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
    ["Mã bộ tiêu chí: bo-thu", None],
    ["Cơ quan ban hành:", "Sở Thông tin và Truyền thông"],
    ["Phiên bản: 2"],
    ["Áp dụng từ ngày: 01/01/2024"],
    [],
]
GOOD = [
    ["I", "Tổ chức", 30, None, None, None, None],
    [
        "1",
        "Họp định kỳ",
        20,
        "Theo bậc: ≥4: 20; ≥3: 15; ≥2: 10; ≥1: 5",
        "Biên bản",
        "training_sessions",
        "Sở TT&TT",
    ],
    ["2", "Sáng kiến", 10, "Chấm thủ công", "Văn bản ghi nhận", None, "Tổ Chỉ đạo"],
    ["II", "Hướng dẫn người dân", 70, None, None, None, None],
    [
        "3",
        "Tài khoản DVCTT / người được hướng dẫn",
        40,
        "Tỷ lệ × điểm tối đa",
        None,
        "Số lượng tài khoản DVCTT được tạo / Số người dân được hướng dẫn",
        None,
    ],
    ["4", "Có OCOP trên sàn", 10, "Có/Không", None, "ocop_products_online", None],
    [
        "5",
        "VNeID",
        20,
        "Mỗi 1000 được 1 điểm, tối đa 20 điểm",
        None,
        "vneid_accounts_created",
        None,
    ],
    [None, "Tổng cộng", 100, None, None, None, None],
]


def book(rows: list[list[Any]], meta: list[list[Any]] = META) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in [*meta, HEADER, *rows]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_scoring_table_imports_and_round_trips() -> None:
    result = criteria_import(actor=SYSTEM, data=book(GOOD), filename="bo.xlsx")
    assert result.ok, result.problems
    cset = result.stored
    assert cset is not None
    assert (cset.code, cset.version, cset.is_local_draft) == ("bo-thu", 2, False)
    assert cset.issuing_body == "Sở Thông tin và Truyền thông"
    assert cset.max_points == 100
    ratio = Criterion.objects.get(group__criteria_set=cset, number="3")
    assert ratio.sources == "dvc_accounts_created / citizens_guided"  # names → codes
    exported = criteria_export(cset)
    sheet = load_workbook(io.BytesIO(exported)).active
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Phiên bản: 2" in texts and "Đơn vị xác minh" in texts
    assert next(c for c in sheet["C"] if c.value == 40).data_type == "n"
    # Exported, renamed to a new version, imported again: the same criteria.
    again = criteria_import(
        actor=SYSTEM,
        data=exported,
        filename="bo.xlsx",
        dry_run=True,
    )
    assert [p.message for p in again.problems] == [
        "Bộ tiêu chí “bo-thu” đã có phiên bản 2; phiên bản đã có không sửa được, "
        "hãy ghi phiên bản mới."
    ]
    assert [
        (c.number, c.max_points, c.method, c.sources)
        for g in again.groups
        for c in g.criteria
    ] == [
        (c.number, c.max_points, c.method, c.sources)
        for c in Criterion.objects.filter(group__criteria_set=cset).order_by(
            "group__order", "order"
        )
    ]


def test_the_starter_set_exports_in_a_layout_that_imports() -> None:
    starter = CriteriaSet.objects.get(code="cnscd-du-thao-dia-phuong")
    assert starter.is_local_draft and starter.max_points == 100
    data = criteria_export(starter)
    result = criteria_import(actor=SYSTEM, data=data, filename="x.xlsx", dry_run=True)
    assert result.meta["is_local_draft"] is True
    assert sum(len(g.criteria) for g in result.groups) == 8
    assert [p.message for p in result.problems] == [
        "Bộ tiêu chí “cnscd-du-thao-dia-phuong” đã có phiên bản 1; phiên bản đã có "
        "không sửa được, hãy ghi phiên bản mới."
    ]


@pytest.mark.parametrize(
    ("row_index", "change", "message"),
    [
        (
            1,
            {5: "so_buoi"},
            "Dòng 9 (tiêu chí 1): Chỉ tiêu “so_buoi” không có trong danh mục.",
        ),
        (4, {5: "citizens_guided / 0"}, "Dòng 12 (tiêu chí 3): Mẫu số là 0"),
        (
            1,
            {2: 25},
            "Dòng 8: nhóm I có điểm tối đa 30 nhưng các tiêu chí cộng lại 35.",
        ),
        (1, {3: "Tùy cán bộ"}, "Dòng 9 (tiêu chí 1): Không hiểu cách tính điểm"),
        (1, {2: "mười"}, "Dòng 9: “Điểm tối đa” phải là số lớn hơn 0."),
        (7, {2: 90}, "Dòng 15: tổng điểm ghi 90 nhưng các nhóm cộng lại 100."),
    ],
)
def test_bad_sets_are_refused_with_the_row(
    row_index: int, change: dict[int, Any], message: str
) -> None:
    rows = [list(r) for r in GOOD]
    for col, value in change.items():
        rows[row_index][col] = value
    result = criteria_import(actor=SYSTEM, data=book(rows), filename="bo.xlsx")
    assert result.stored is None
    assert any(p.message.startswith(message) for p in result.problems), result.problems
    assert not CriteriaSet.objects.filter(code="bo-thu").exists()


def test_missing_header_or_meta_and_broken_files_are_findings() -> None:
    no_meta = criteria_import(actor=SYSTEM, data=book(GOOD, meta=[]), filename="b.xlsx")
    assert "Thiếu dòng “Mã bộ tiêu chí: …”." in [p.message for p in no_meta.problems]
    junk = criteria_import(actor=SYSTEM, data=b"not a workbook", filename="b.xlsx")
    assert [p.message for p in junk.problems] == [
        "Tệp không phải bảng tính Excel .xlsx."
    ]
    wb = Workbook()
    wb.active.append(["Tiêu chí", "Điểm"])
    buf = io.BytesIO()
    wb.save(buf)
    headless = criteria_import(actor=SYSTEM, data=buf.getvalue(), filename="b.xlsx")
    assert headless.problems[0].message.startswith("Không thấy dòng tiêu đề cột")
    assert CriteriaSet.objects.count() == 2  # the starter sets only (localities, teams)
