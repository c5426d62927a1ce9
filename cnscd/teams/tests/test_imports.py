"""Importing member lists: tolerant headers, row findings, all or nothing, idempotent."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from cnscd.teams.choices import BodyKind, Position, Sex
from cnscd.teams.exports import HEADER
from cnscd.teams.imports import members_import
from cnscd.teams.models import Body, Membership, Person
from cnscd.units.models import AdministrativeUnit
from conftest import Tree


def xlsx(
    rows: list[list[object]], header: list[str] = HEADER, title: bool = True
) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
        ws.append(["Xã Thanh Miện"])
        ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ROWS = [
    [
        1,
        "Nguyễn Văn An",
        "Nam",
        1975,
        "Tổ trưởng",
        "Trưởng thôn",
        "0912 345 678",
        "Thôn Đông",
    ],
    [
        2,
        "Trần Thị Bình",
        "Nữ",
        1990,
        "Tổ phó",
        "Đoàn Thanh niên xã",
        "+84912345679",
        "Đông",
    ],
    [
        3,
        "Lê Văn Cường",
        "nam",
        "12/05/1988",
        "Tổ viên",
        "Công an xã Thanh Miện",
        "84-912-345-680",
        "Thôn Đông",
    ],
    [4, "Phạm Thị Dung", "Nữ", 1995, "Tổ viên", "VNPT Hải Dương", "", "Thôn Đoài"],
    [5, "Hoàng Văn Em", "Nam", 1980, "Thư ký", "Hợp tác xã", "0987654321", "Thôn Đoài"],
]


def test_import_dry_run_commit_and_reimport(tree: Tree, commune_a_officer) -> None:
    data = xlsx(ROWS)
    dry = members_import(
        actor=commune_a_officer,
        commune=tree.a,
        data=data,
        filename="ds.xlsx",
        dry_run=True,
    )
    assert dry.as_dict() == {
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
        "stored": False,
    }
    assert not Person.objects.exists() and not Body.objects.exists()

    done = members_import(
        actor=commune_a_officer, commune=tree.a, data=data, filename="ds.xlsx"
    )
    assert done.as_dict()["created"] == 5 and done.stored and done.teams_created == 2
    team = Body.objects.get(unit=tree.a1)
    assert team.kind == BodyKind.COMMUNITY_TEAM and team.name == "Tổ CNSCĐ Thôn Đông"
    an = Membership.objects.get(person__full_name="Nguyễn Văn An")
    assert (an.position, an.person.phone, an.person.sex, an.person.birth_year) == (
        Position.LEADER,
        "0912345678",
        Sex.MALE,
        1975,
    )
    assert an.affiliation is not None and an.affiliation.short_name == "Thôn, TDP"
    cuong = Person.objects.get(full_name="Lê Văn Cường")
    assert (cuong.phone, cuong.birth_year) == ("0912345680", 1988)
    assert Membership.objects.get(person=cuong).affiliation.short_name == "Công an"
    em = Membership.objects.get(person__full_name="Hoàng Văn Em")
    assert (em.position, em.custom_title, em.affiliation, em.affiliation_text) == (
        Position.CUSTOM,
        "Thư ký",
        None,
        "Hợp tác xã",
    )

    again = members_import(
        actor=commune_a_officer, commune=tree.a, data=data, filename="ds.xlsx"
    )
    assert again.as_dict() == {
        "created": 0,
        "updated": 0,
        "unchanged": 5,
        "rejected": [],
        "stored": True,
    }
    assert Person.objects.count() == 5 and Membership.objects.count() == 5

    changed = [r[:] for r in ROWS]
    changed[1][4] = "Tổ phó thường trực"
    preview = members_import(
        actor=commune_a_officer,
        commune=tree.a,
        data=xlsx(changed),
        filename="ds.xlsx",
        dry_run=True,
    )
    result = members_import(
        actor=commune_a_officer, commune=tree.a, data=xlsx(changed), filename="ds.xlsx"
    )
    # The dry run classifies every row exactly as the commit then does.
    assert [(r.row, r.action) for r in preview.rows] == [
        (r.row, r.action) for r in result.rows
    ]
    assert [r.action for r in result.rows].count("updated") == 1
    assert result.as_dict()["updated"] == 1 and result.as_dict()["unchanged"] == 4
    assert (
        Membership.objects.get(person__full_name="Trần Thị Bình").position
        == Position.STANDING_DEPUTY
    )


def test_bad_rows_reject_the_whole_file_with_row_numbers(
    tree: Tree, commune_a_officer
) -> None:
    rows = [
        *ROWS,
        [6, "Đỗ Văn Giang", "Nam", 1985, "Tổ viên", "", "0123", "Thôn Đông"],
        [7, "Ngô Thị Hoa", "Không", 1985, "Tổ viên", "", "", "Thôn Đông"],
        [8, "Vũ Văn Khánh", "Nam", 1985, "Tổ viên", "", "", "Thôn Không Có"],
        [9, "", "Nam", 1985, "Tổ viên", "", "", "Thôn Đông"],
        [10, "Bùi Văn Long", "Nam", 1850, "Tổ viên", "", "0912 345 678", "Thôn Đông"],
    ]
    result = members_import(
        actor=commune_a_officer, commune=tree.a, data=xlsx(rows), filename="ds.xlsx"
    )
    assert not result.stored
    assert [(r["row"], r["message"]) for r in result.as_dict()["rejected"]] == [
        (
            10,
            "Số điện thoại “0123” không hợp lệ (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09).",
        ),
        (11, "Giới tính “Không” không hợp lệ (Nam/Nữ)."),
        (
            12,
            "Thôn/tổ dân phố “Thôn Không Có” không có trong Xã Thanh Miện (dùng tùy chọn tạo thôn mới nếu cần).",
        ),
        (13, "Thiếu họ và tên."),
        (14, "Năm sinh 1850 không hợp lệ."),
    ]
    assert not Person.objects.exists() and not Body.objects.exists()


def test_create_villages_option_and_header_variants(
    tree: Tree, commune_a_officer
) -> None:
    header = [
        "tt",
        "HỌ TÊN",
        "gioi tinh",
        "nam sinh",
        "CHUC VU",
        "Don vi cong tac",
        "SĐT",
        "THÔN",
    ]
    rows = [
        [
            1,
            "Nguyễn Văn Mới",
            "Nam",
            1970,
            "Tổ trưởng",
            "",
            "0911111111",
            "Thôn Mới Lập",
        ]
    ]
    data = xlsx(rows, header=header, title=False)
    refused = members_import(
        actor=commune_a_officer, commune=tree.a, data=data, filename="x.xlsx"
    )
    assert refused.rejected and not refused.stored
    done = members_import(
        actor=commune_a_officer,
        commune=tree.a,
        data=data,
        filename="x.xlsx",
        create_villages=True,
    )
    assert done.stored and done.villages_created == 1
    village = AdministrativeUnit.objects.get(name="Thôn Mới Lập")
    assert village.parent == tree.a and village.code == "90001.003"


def test_same_phone_is_one_person_across_teams(tree: Tree, commune_a_officer) -> None:
    rows = [
        [1, "Nguyễn Văn An", "Nam", 1975, "Tổ trưởng", "", "0912345678", "Thôn Đông"],
        [2, "Nguyễn Văn An", "Nam", 1975, "Tổ viên", "", "0912345678", "Thôn Đoài"],
    ]
    members_import(
        actor=commune_a_officer, commune=tree.a, data=xlsx(rows), filename="x.xlsx"
    )
    assert Person.objects.count() == 1 and Membership.objects.count() == 2


def test_officer_cannot_import_into_another_commune(
    tree: Tree, commune_b_officer
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        members_import(
            actor=commune_b_officer, commune=tree.a, data=xlsx(ROWS), filename="x.xlsx"
        )


def test_header_missing_is_a_clear_error(tree: Tree, commune_a_officer) -> None:
    with pytest.raises(ValidationError, match="Không tìm thấy dòng tiêu đề"):
        members_import(
            actor=commune_a_officer,
            commune=tree.a,
            data=xlsx([[1, 2]], header=["a", "b"]),
            filename="x.xlsx",
        )
