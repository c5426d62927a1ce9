"""Reading a commune's member list: the header's columns (named as offices
write them), each row's person, position, workplace and village, and the
result of an import row by row. Storing is in `teams.imports`."""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from cnscd.accounts.models import Organisation
from cnscd.core.phones import PhoneError, normalize_phone
from cnscd.core.spreadsheets import cell_text
from cnscd.core.text import nfc, search_key
from cnscd.teams.choices import Position, Sex
from cnscd.teams.services import match_organisation
from cnscd.units.choices import VILLAGE_TYPES, UnitType

COLUMNS: dict[str, set[str]] = {
    "stt": {"stt", "tt", "so tt", "so thu tu"},
    "name": {"ho va ten", "ho ten", "ten", "ho va ten thanh vien", "ten thanh vien"},
    "sex": {"gioi tinh", "gt", "nam nu", "gioi"},
    "birth": {"nam sinh", "ngay sinh", "ngay thang nam sinh", "ns"},
    "position": {
        "chuc vu trong to",
        "chuc vu",
        "chuc danh",
        "vi tri",
        "chuc vu trong to cnscd",
    },
    "affiliation": {
        "don vi cong tac",
        "co quan",
        "noi cong tac",
        "don vi",
        "co quan don vi",
    },
    "phone": {
        "so dien thoai",
        "dien thoai",
        "sdt",
        "dt",
        "so dt",
        "dien thoai lien he",
    },
    "village": {
        "thon to dan pho",
        "thon",
        "to dan pho",
        "thon khu dan cu",
        "khu dan cu",
        "thon to dan pho khu dan cu",
        "thon tdp",
        "ten thon",
    },
}
POSITIONS = {
    "to truong": Position.LEADER,
    "to pho thuong truc": Position.STANDING_DEPUTY,
    "to pho": Position.DEPUTY,
    "to vien": Position.MEMBER,
    "thanh vien": Position.MEMBER,
}
ACTION_LABELS = {
    "created": "Tạo mới",
    "updated": "Cập nhật",
    "unchanged": "Giữ nguyên",
    "rejected": "Từ chối",
}
SEXES = {"nam": Sex.MALE, "nu": Sex.FEMALE, "": Sex.UNSPECIFIED}
_PUNCT = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    return _PUNCT.sub(" ", search_key(text)).strip()


@dataclass
class RowResult:
    row: int
    action: str  # created | updated | unchanged | rejected
    message: str = ""


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    stored: bool = False
    villages_created: int = 0
    teams_created: int = 0

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == "rejected"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "rejected": [{"row": r.row, "message": r.message} for r in self.rejected],
            "stored": self.stored,
        }


@dataclass
class PlannedRow:
    row: int
    village_key: str
    village_name: str
    person_fields: dict[str, Any]
    position: str
    custom_title: str
    affiliation: Organisation | None
    affiliation_text: str


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:30]):
        found: dict[str, int] = {}
        for col, value in enumerate(row):
            key = header_key(cell_text(value))
            for target, aliases in COLUMNS.items():
                if key in aliases and target not in found:
                    found[target] = col
        if "name" in found and "village" in found:
            return index, found
    raise ValidationError(
        "Không tìm thấy dòng tiêu đề: cần ít nhất cột “Họ và tên” và cột “Thôn/Tổ dân phố”."
    )


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _birth_year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.year
    text = cell_text(value)
    match = re.search(r"\d{4}", text)
    if match and (text.isdigit() or "/" in text or "-" in text or "." in text):
        return int(match.group(0))
    raise ValueError(f"Năm sinh “{text[:20]}” không hợp lệ.")


def village_key(name: str) -> str:
    """ "Thôn Đông" and "Đông" name the same village."""
    key = search_key(name)
    for t in VILLAGE_TYPES:
        prefix = search_key(UnitType(t).label) + " "
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def parse_rows(sheet_rows: list[list[Any]], result: ImportResult) -> list[PlannedRow]:
    header_index, cols = _find_header(sheet_rows)
    catalogue = list(Organisation.objects.filter(is_active=True))
    matched: dict[str, Organisation | None] = {}  # the same text recurs on many rows
    this_year = timezone.localdate().year
    planned: list[PlannedRow] = []
    for number, raw in enumerate(
        sheet_rows[header_index + 1 :], start=header_index + 2
    ):

        def cell(name: str, raw: list[Any] = raw) -> Any:
            col = cols.get(name)
            return raw[col] if col is not None and col < len(raw) else None

        texts = {k: cell_text(cell(k)) for k in COLUMNS}
        if not any(texts[k] for k in COLUMNS if k != "stt"):
            continue
        name = nfc(texts["name"])
        errors = []
        if not name:
            errors.append("thiếu họ và tên")
        elif len(name) > 150:
            errors.append("họ và tên không hợp lệ")
        village = nfc(texts["village"])
        if not village:
            errors.append("thiếu thôn/tổ dân phố")
        sex = SEXES.get(search_key(texts["sex"]))
        if sex is None:
            errors.append(f"giới tính “{texts['sex'][:20]}” không hợp lệ (Nam/Nữ)")
        try:
            birth_year = _birth_year(cell("birth"))
            if birth_year is not None and not (
                this_year - 100 <= birth_year <= this_year - 10
            ):
                errors.append(f"năm sinh {birth_year} không hợp lệ")
        except ValueError as exc:
            errors.append(str(exc)[0].lower() + str(exc)[1:].rstrip("."))
            birth_year = None
        try:
            phone = normalize_phone(texts["phone"])
        except PhoneError as exc:
            errors.append(str(exc)[0].lower() + str(exc)[1:].rstrip("."))
            phone = ""
        position_text = nfc(texts["position"])
        position = POSITIONS.get(
            search_key(position_text),
            Position.CUSTOM if position_text else Position.MEMBER,
        )
        if errors:
            result.rows.append(RowResult(number, "rejected", _sentence(errors)))
            continue
        affiliation_text = nfc(texts["affiliation"])
        planned.append(
            PlannedRow(
                row=number,
                village_key=village_key(village),
                village_name=village,
                person_fields={
                    "full_name": name,
                    "sex": sex or "",
                    "birth_year": birth_year,
                    "phone": phone,
                },
                position=position,
                custom_title=position_text if position == Position.CUSTOM else "",
                affiliation=matched.setdefault(
                    affiliation_text, match_organisation(affiliation_text, catalogue)
                )
                if affiliation_text not in matched
                else matched[affiliation_text],
                affiliation_text=affiliation_text,
            )
        )
    return planned
