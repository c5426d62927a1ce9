"""Member lists as .xlsx, in the layout communes import (teams/imports.py)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cnscd.core.phones import format_phone, mask_phone
from cnscd.core.system import Actor
from cnscd.core.xlsx import write_table
from cnscd.teams import selectors
from cnscd.teams.choices import BodyKind
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit

HEADER = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Năm sinh",
    "Chức vụ trong Tổ",
    "Đơn vị công tác",
    "Số điện thoại",
    "Thôn/Tổ dân phố",
]


@dataclass(frozen=True)
class MemberExport:
    title: str
    header: list[str]
    rows: list[list[Any]]
    filename: str


def build_member_export(
    *, actor: Actor, unit: AdministrativeUnit, day: dt.date
) -> MemberExport:
    """Current members of the community teams under `unit`, one row each.
    Above commune level a "Xã, phường" column is added. Viewers get contacts masked."""
    memberships = selectors.member_list(
        actor=actor, unit=unit, kind=BodyKind.COMMUNITY_TEAM, active_on=day
    ).select_related("body__unit__parent")
    show_contacts = selectors.can_see_contacts(actor)
    wide = unit.level != Level.COMMUNE and unit.level != Level.VILLAGE
    header = HEADER + (["Xã, phường"] if wide else [])
    rows: list[list[Any]] = []
    for index, m in enumerate(memberships, start=1):
        phone = m.person.phone
        phone_text = format_phone(phone) if show_contacts else mask_phone(phone)
        village = m.body.unit
        row: list[Any] = [
            index,
            m.person.full_name,
            m.person.get_sex_display() if m.person.sex else "",
            m.person.birth_year,
            m.title,
            m.affiliation_name,
            phone_text,
            village.name if village.level == Level.VILLAGE else "",
        ]
        if wide:
            row.append(
                village.parent.name
                if village.parent and village.level == Level.VILLAGE
                else village.name
            )
        rows.append(row)
    title = f"DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG — {unit.name.upper()}"
    return MemberExport(title, header, rows, f"thanh-vien-to-cnscd-{unit.code}.xlsx")


def render_member_export(export: MemberExport) -> bytes:
    return write_table(
        title=export.title,
        header=export.header,
        rows=export.rows,
        widths=[6, 28, 10, 10, 20, 28, 16, 24, 24],
    )
