"""Writes to units: villages are the only units users create or change."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from cnscd.core import audit
from cnscd.core.concurrency import update_versioned
from cnscd.core.spreadsheets import SpreadsheetError, cell_text, read_workbook
from cnscd.core.system import Actor
from cnscd.core.text import required_name, search_key
from cnscd.units.choices import VILLAGE_TYPES, Level, UnitType
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, units_visible_to

AUDIT_FIELDS = ["name", "unit_type", "code", "parent"]
MAX_NAME = 150


def lock_unit(unit: AdministrativeUnit) -> None:
    """Hold the unit's row until the transaction ends, so that writers of a
    figure recomputed from rows several transactions write (a unit's total of
    its partners' figures, a village's month of its activity log) take turns:
    the second one counts what the first committed. SQLite has one writer at
    a time anyway; there this is a no-op."""
    list(AdministrativeUnit.objects.select_for_update().filter(pk=unit.pk).values("pk"))


def _clean_village_name(name: str) -> str:
    name = required_name(name, label="Tên thôn, tổ dân phố")
    if len(name) > MAX_NAME:
        raise ValidationError(f"Tên quá dài (tối đa {MAX_NAME} ký tự).")
    return name


def next_village_code(commune_code: str, codes: Iterable[str]) -> str:
    """The code after the commune's village codes ("10507.004" after "….003")."""
    numbers = [
        int(c.rsplit(".", 1)[1])
        for c in codes
        if "." in c and c.rsplit(".", 1)[1].isdigit()
    ]
    return f"{commune_code}.{max(numbers, default=0) + 1:03d}"


def _next_village_code(commune: AdministrativeUnit) -> str:
    return next_village_code(
        commune.code,
        AdministrativeUnit.objects.filter(
            parent=commune, level=Level.VILLAGE
        ).values_list("code", flat=True),
    )


def new_village(
    commune: AdministrativeUnit, code: str, name: str, unit_type: str
) -> AdministrativeUnit:
    """An unsaved village under `commune`: inherits its structure, validity and
    centroid (until the village has coordinates of its own)."""
    return AdministrativeUnit(
        structure=commune.structure,
        level=Level.VILLAGE,
        unit_type=unit_type,
        code=code,
        name=name,
        short_name=name,
        parent=commune,
        path=f"{commune.path}{code}/",
        depth=commune.depth + 1,
        valid_from=commune.valid_from,
        valid_until=commune.valid_until,
        latitude=commune.latitude,
        longitude=commune.longitude,
        search_key=search_key(name),
    )


def _check_commune(actor: Actor, commune: AdministrativeUnit) -> None:
    if commune.level != Level.COMMUNE:
        raise ValidationError(
            "Thôn, tổ dân phố chỉ được tạo dưới một xã, phường, thị trấn."
        )
    if not can_manage(actor, commune):
        raise PermissionDenied("Bạn không có quyền quản lý đơn vị này.")


def _village_exists(
    commune: AdministrativeUnit, name: str, exclude_pk: int | None = None
) -> bool:
    qs = AdministrativeUnit.objects.filter(
        parent=commune, level=Level.VILLAGE, search_key=search_key(name)
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def village_create(
    *,
    actor: Actor,
    commune: AdministrativeUnit,
    name: str,
    unit_type: str = UnitType.THON,
) -> AdministrativeUnit:
    """Create a village (thôn, tổ dân phố…) under `commune`; audited."""
    _check_commune(actor, commune)
    name = _clean_village_name(name)
    if unit_type not in VILLAGE_TYPES:
        raise ValidationError("Loại đơn vị không hợp lệ cho thôn, tổ dân phố.")
    if _village_exists(commune, name):
        raise ValidationError(f"“{name}” đã có trong {commune.name}.")
    code = _next_village_code(commune)
    try:
        with transaction.atomic():
            village = new_village(commune, code, name, unit_type)
            village.save()
    except IntegrityError as exc:
        raise ValidationError(f"“{name}” đã có trong {commune.name}.") from exc
    audit.record(
        actor=actor,
        action="unit.create",
        obj=village,
        unit_path=village.path,
        after=audit.snapshot(village, AUDIT_FIELDS),
    )
    return village


@transaction.atomic
def village_update(
    *,
    actor: Actor,
    village: AdministrativeUnit,
    name: str,
    unit_type: str,
    version: int,
) -> AdministrativeUnit:
    """Rename or retype a village. `version` is the one the form showed: if the
    village changed since, raise StaleVersion and change nothing."""
    if village.level != Level.VILLAGE or not can_manage(actor, village):
        raise PermissionDenied("Bạn không có quyền sửa đơn vị này.")
    name = _clean_village_name(name)
    if unit_type not in VILLAGE_TYPES:
        raise ValidationError("Loại đơn vị không hợp lệ cho thôn, tổ dân phố.")
    if village.parent is None:
        raise ValidationError("Thôn, tổ dân phố phải thuộc một xã.")
    if _village_exists(village.parent, name, exclude_pk=village.pk):
        raise ValidationError(f"“{name}” đã có trong {village.parent.name}.")
    before = audit.snapshot(village, AUDIT_FIELDS)
    update_versioned(
        village,
        version,
        name=name,
        short_name=name,
        search_key=search_key(name),
        unit_type=unit_type,
    )
    audit.record(
        actor=actor,
        action="unit.update",
        obj=village,
        unit_path=village.path,
        before=before,
        after=audit.snapshot(village, AUDIT_FIELDS),
    )
    return village


# --- Import of villages from a spreadsheet ------------------------------------

HEADER_ALIASES = {
    "commune": {
        "ma xa",
        "xa",
        "xa phuong",
        "xa, phuong, thi tran",
        "xa/phuong/thi tran",
        "ten xa",
        "don vi cap xa",
        "ma don vi",
        "xa, phuong",
    },
    "name": {
        "ten thon",
        "thon",
        "ten thon, to dan pho",
        "thon/to dan pho",
        "thon, to dan pho",
        "ten",
        "ten khu dan cu",
        "khu dan cu",
    },
    "type": {"loai", "loai don vi", "phan loai"},
}
TYPE_BY_KEY = {
    search_key(label): value
    for value, label in UnitType.choices
    if value in VILLAGE_TYPES
}


@dataclass
class RowFinding:
    row: int
    message: str


@dataclass
class VillageImportResult:
    created: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # row, commune, name
    unchanged: list[tuple[int, str, str]] = field(default_factory=list)
    rejected: list[RowFinding] = field(default_factory=list)
    stored: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "unchanged": len(self.unchanged),
            "rejected": [{"row": f.row, "message": f.message} for f in self.rejected],
            "stored": self.stored,
        }


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:20]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            key = search_key(cell_text(value)).strip(" :*")
            for target, aliases in HEADER_ALIASES.items():
                if key in aliases and target not in columns:
                    columns[target] = col
        if "commune" in columns and "name" in columns:
            return index, columns
    raise ValidationError(
        "Không tìm thấy dòng tiêu đề: cần cột “Mã xã” (hoặc “Xã”) và cột “Tên thôn”."
    )


def villages_import(
    *, actor: Actor, data: bytes, filename: str = "", dry_run: bool = False
) -> VillageImportResult:
    """Import villages from a sheet (commune code or name, village name, type).

    All or nothing: if any row is rejected nothing is stored. Rows naming a
    village that already exists are counted unchanged, so re-importing the same
    file changes nothing.
    """
    try:
        sheet = read_workbook(data, filename)[0]
    except SpreadsheetError as exc:
        raise ValidationError(exc.message) from exc
    header_index, columns = _find_header(sheet.rows)
    communes = units_visible_to(actor).filter(level=Level.COMMUNE)
    result = VillageImportResult()
    planned: list[tuple[int, AdministrativeUnit, str, str]] = []
    seen: dict[tuple[int, str], int] = {}
    for offset, row in enumerate(
        sheet.rows[header_index + 1 :], start=header_index + 2
    ):

        def cell(name: str, row: list[Any] = row) -> str:
            col = columns.get(name)
            return cell_text(row[col]) if col is not None and col < len(row) else ""

        commune_text, name_text, type_text = cell("commune"), cell("name"), cell("type")
        if not commune_text and not name_text:
            continue
        if not commune_text:
            result.rejected.append(RowFinding(offset, "Thiếu mã hoặc tên xã."))
            continue
        matches = list(
            communes.filter(
                Q(code=commune_text) | Q(search_key=search_key(commune_text))
            )[:3]
        )
        if not matches:
            matches = list(
                communes.filter(search_key__endswith=" " + search_key(commune_text))[:3]
            )
        if len(matches) != 1:
            msg = (
                f"Không tìm thấy xã “{commune_text}” trong phạm vi của bạn."
                if not matches
                else f"Tên xã “{commune_text}” trùng nhiều đơn vị; hãy dùng mã xã."
            )
            result.rejected.append(RowFinding(offset, msg))
            continue
        commune = matches[0]
        if not can_manage(actor, commune):
            result.rejected.append(
                RowFinding(offset, f"Bạn không có quyền quản lý {commune.name}.")
            )
            continue
        try:
            name = _clean_village_name(name_text)
        except ValidationError as exc:
            result.rejected.append(RowFinding(offset, exc.messages[0]))
            continue
        unit_type = (
            TYPE_BY_KEY.get(search_key(type_text)) if type_text else UnitType.THON
        )
        if unit_type is None:
            result.rejected.append(
                RowFinding(
                    offset,
                    f"Loại đơn vị “{type_text}” không hợp lệ "
                    "(thôn, tổ dân phố, khu dân cư, bản, ấp…).",
                )
            )
            continue
        key = (commune.pk, search_key(name))
        if key in seen:
            result.rejected.append(
                RowFinding(
                    offset, f"“{name}” trùng với dòng {seen[key]} trong cùng xã."
                )
            )
            continue
        seen[key] = offset
        if _village_exists(commune, name):
            result.unchanged.append((offset, commune.name, name))
        else:
            planned.append((offset, commune, name, unit_type))
            result.created.append((offset, commune.name, name))
    if result.rejected or dry_run:
        return result
    with transaction.atomic():
        for _, commune, name, unit_type in planned:
            village_create(actor=actor, commune=commune, name=name, unit_type=unit_type)
    result.stored = True
    return result
