"""Load both official structures from the `vietnamadminunits` package (MIT).

Idempotent: units are matched on (structure, level, code); a unit whose name,
type, parent or centroid changed in a newer package release is updated and the
change is written to the audit trail; nothing is ever deleted.
"""

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import vietnamadminunits
from django.db import transaction
from vietnamadminunits.database import query

from cnscd.core import audit
from cnscd.core.text import nfc, search_key
from cnscd.units.choices import (
    ARCHIPELAGOS,
    STRUCTURE_VALID_FROM,
    STRUCTURE_VALID_UNTIL,
    Level,
    Structure,
    UnitType,
)
from cnscd.units.models import AdministrativeUnit, UnitCorrespondence, depth_of

TYPE_BY_PREFIX = {
    "Thành phố": UnitType.THANH_PHO,
    "Quận": UnitType.QUAN,
    "Huyện": UnitType.HUYEN,
    "Thị xã": UnitType.THI_XA,
    "Xã": UnitType.XA,
    "Phường": UnitType.PHUONG,
    "Thị trấn": UnitType.THI_TRAN,
    "Đặc khu": UnitType.DAC_KHU,
}
# The root of each structure: national figures are its roll-ups.
COUNTRY_CODE = "VN"
COUNTRY_NAME = "Toàn quốc"
COMPARED = ["unit_type", "name", "short_name", "parent_id", "latitude", "longitude"]


@dataclass
class LoadResult:
    """What a load changed, per structure."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    correspondences_created: int = 0
    unresolved_correspondences: int = 0

    @property
    def changed(self) -> bool:
        return (
            any(self.created.values())
            or any(self.updated.values())
            or bool(self.correspondences_created)
        )


@dataclass(frozen=True)
class UnitRow:
    structure: str
    level: str
    code: str
    name: str
    short_name: str
    unit_type: str
    parent_key: tuple[str, str, str] | None
    latitude: float | None
    longitude: float | None


def _province_type(name: str) -> str:
    return UnitType.THANH_PHO_TW if name.startswith("Thành phố") else UnitType.TINH


def _sub_type(kind: str) -> str:
    return TYPE_BY_PREFIX[kind.strip()]


def _row(
    key: tuple[str, str, str],
    r: dict[str, Any],
    prefix: str,
    unit_type: str,
    parent: tuple[str, str, str] | None,
) -> UnitRow:
    """A UnitRow from the package's columns `<prefix>`, `<prefix>Short`, `…Lat`, `…Lon`."""
    return UnitRow(
        *key,
        r[prefix],
        r[f"{prefix}Short"],
        unit_type,
        parent,
        r[f"{prefix}Lat"],
        r[f"{prefix}Lon"],
    )


def _rows() -> list[UnitRow]:
    """Every unit of both structures, parents before children."""
    rows: dict[tuple[str, str, str], UnitRow] = {}
    legacy = query(
        "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    )
    current = query("SELECT * FROM admin_units ORDER BY provinceCode, wardCode")
    for structure, records in (
        (Structure.LEGACY, legacy),
        (Structure.FROM_2025, current),
    ):
        country = (structure, Level.COUNTRY, COUNTRY_CODE)
        rows[country] = UnitRow(
            *country, COUNTRY_NAME, COUNTRY_NAME, UnitType.QUOC_GIA, None, None, None
        )
        for r in records:
            p = (structure, Level.PROVINCE, r["provinceCode"])
            rows.setdefault(
                p, _row(p, r, "province", _province_type(r["province"]), country)
            )
            parent = p
            if structure == Structure.LEGACY:
                parent = (structure, Level.DISTRICT, r["districtCode"])
                kind = _sub_type(r["districtType"])
                rows.setdefault(parent, _row(parent, r, "district", kind, p))
            if r["wardCode"]:
                w = (structure, Level.COMMUNE, r["wardCode"])
                rows.setdefault(w, _row(w, r, "ward", _sub_type(r["wardType"]), parent))
    _place_archipelagos(rows)
    order = {Level.COUNTRY: 0, Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}
    return sorted(
        rows.values(), key=lambda u: (order[Level(u.level)], u.structure, u.code)
    )


def _place_archipelagos(rows: dict[tuple[str, str, str], UnitRow]) -> None:
    """The package places the legacy island districts (Huyện Hoàng Sa, Huyện
    Trường Sa) on the mainland; give them the centroids of the 2025 special
    zones, which lie on the islands."""
    islands = {
        r.short_name: (r.latitude, r.longitude)
        for r in rows.values()
        if r.structure == Structure.FROM_2025
        and r.unit_type == UnitType.DAC_KHU
        and r.short_name in ARCHIPELAGOS
    }
    for key, r in rows.items():
        if (
            r.structure == Structure.LEGACY
            and r.level == Level.DISTRICT
            and r.short_name in islands
        ):
            lat, lon = islands[r.short_name]
            rows[key] = replace(r, latitude=lat, longitude=lon)


@transaction.atomic
def load_units() -> LoadResult:
    """Create or update every official unit and the legacy→2025 correspondence."""
    result = LoadResult()
    existing = {
        (u.structure, u.level, u.code): u
        for u in AdministrativeUnit.objects.exclude(level=Level.VILLAGE)
    }
    rows = _rows()
    for level in (Level.COUNTRY, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        new_units = []
        for row in (r for r in rows if r.level == level):
            unit = existing.get((row.structure, row.level, row.code))
            parent = existing[row.parent_key] if row.parent_key else None
            wanted: dict[str, Any] = {
                "unit_type": row.unit_type,
                "name": nfc(row.name),
                "short_name": nfc(row.short_name),
                "parent_id": parent.pk if parent else None,
                "latitude": row.latitude,
                "longitude": row.longitude,
            }
            if unit is None:
                # The country is the root of its structure ("/2025/").
                path = parent.path + f"{row.code}/" if parent else f"/{row.structure}/"
                new_units.append(
                    AdministrativeUnit(
                        structure=row.structure,
                        level=row.level,
                        code=row.code,
                        path=path,
                        depth=depth_of(path),
                        valid_from=STRUCTURE_VALID_FROM[Structure(row.structure)],
                        valid_until=STRUCTURE_VALID_UNTIL[Structure(row.structure)],
                        search_key=search_key(wanted["name"]),
                        **wanted,
                    )
                )
                result.created[str(row.structure)] = (
                    result.created.get(str(row.structure), 0) + 1
                )
            elif _update(unit, wanted):
                result.updated[str(row.structure)] = (
                    result.updated.get(str(row.structure), 0) + 1
                )
        for unit in AdministrativeUnit.objects.bulk_create(new_units, batch_size=500):
            existing[(unit.structure, unit.level, unit.code)] = unit
    created, unresolved = _load_correspondence(existing)
    result.correspondences_created = created
    result.unresolved_correspondences = unresolved
    return result


def _update(unit: AdministrativeUnit, wanted: dict[str, Any]) -> bool:
    """Apply a newer release's values to `unit`, with an audit record; False if equal."""
    before = {f: getattr(unit, f) for f in COMPARED}
    if before == wanted:
        return False
    if before["parent_id"] != wanted["parent_id"]:
        # Moving a unit would move its whole subtree: an operator decides that.
        raise RuntimeError(
            f"Đơn vị {unit.code} ({unit.name}) đổi đơn vị cấp trên trong gói dữ liệu; "
            "cần xử lý thủ công."
        )
    for f, v in wanted.items():
        setattr(unit, f, v)
    unit.version += 1
    unit.save()
    audit.record(
        actor=None,
        action="unit.update",
        obj=unit,
        unit_path=unit.path,
        before=before,
        after=wanted,
        message=f"Cập nhật từ vietnamadminunits {_package_version()}",
    )
    return True


def _package_version() -> str:
    from importlib.metadata import version

    return version("vietnamadminunits")


def _load_correspondence(
    units: dict[tuple[str, str, str], AdministrativeUnit],
) -> tuple[int, int]:
    """Link legacy communes and provinces to their 2025 successors."""
    legacy_ward = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["wardCode"]
        for r in query(
            "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy"
        )
    }
    legacy_province = {
        r["provinceKey"]: r["provinceCode"]
        for r in query(
            "SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy"
        )
    }
    new_ward = {
        (r["provinceKey"], r["wardKey"]): r["wardCode"]
        for r in query("SELECT provinceKey, wardKey, wardCode FROM admin_units")
    }
    new_province = {
        r["provinceKey"]: r["provinceCode"]
        for r in query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    data_file = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))

    links: set[tuple[tuple[str, str, str], tuple[str, str, str], bool]] = set()
    unresolved = 0

    def link(
        old: tuple[str, str, str], new: tuple[str, str, str], primary: bool
    ) -> None:
        nonlocal unresolved
        if old in units and new in units:
            links.add((old, new, primary))
        else:
            unresolved += 1

    for new_p, old_ps in data["DICT_PROVINCE"].items():
        for old_p in old_ps:
            link(
                (Structure.LEGACY, Level.PROVINCE, legacy_province.get(old_p, "")),
                (Structure.FROM_2025, Level.PROVINCE, new_province.get(new_p, "")),
                True,
            )
    for new_p, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, old_keys in wards.items():
            for old_key in old_keys:
                link(
                    (Structure.LEGACY, Level.COMMUNE, legacy_ward.get(old_key, "")),
                    (
                        Structure.FROM_2025,
                        Level.COMMUNE,
                        new_ward.get((new_p, new_w), ""),
                    ),
                    True,
                )
    for new_p, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for target in targets:
                link(
                    (Structure.LEGACY, Level.COMMUNE, legacy_ward.get(old_key, "")),
                    (
                        Structure.FROM_2025,
                        Level.COMMUNE,
                        new_ward.get((new_p, target["newWardKey"]), ""),
                    ),
                    bool(target["isDefaultNewWard"]),
                )
    have = set(UnitCorrespondence.objects.values_list("legacy_id", "successor_id"))
    new_rows = []
    seen: set[tuple[int, int]] = set()
    for old, new, primary in sorted(links):
        pair = (units[old].pk, units[new].pk)
        if pair in have or pair in seen:
            continue
        seen.add(pair)
        new_rows.append(
            UnitCorrespondence(
                legacy_id=pair[0], successor_id=pair[1], is_primary=primary
            )
        )
    UnitCorrespondence.objects.bulk_create(new_rows, batch_size=1000)
    return len(new_rows), unresolved
