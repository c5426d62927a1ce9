"""Loading both official structures from vietnamadminunits (slow-ish: ~3 s once)."""

import pytest

from cnscd.core.models import AuditEvent
from cnscd.units.choices import Level, Structure, UnitType
from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit, UnitCorrespondence

pytestmark = pytest.mark.django_db


def count(structure: str, level: str, **kw: object) -> int:
    return AdministrativeUnit.objects.filter(
        structure=structure, level=level, **kw
    ).count()


def test_load_units_counts_idempotence_and_renames() -> None:
    first = load_units()
    assert first.created == {"legacy": 1 + 63 + 696 + 10035, "2025": 1 + 34 + 3321}
    assert count(Structure.LEGACY, Level.PROVINCE) == 63
    assert count(Structure.LEGACY, Level.DISTRICT) == 696
    assert count(Structure.LEGACY, Level.COMMUNE) == 10035
    assert count(Structure.FROM_2025, Level.PROVINCE) == 34
    assert count(Structure.FROM_2025, Level.COMMUNE) == 3321
    assert not AdministrativeUnit.objects.filter(
        structure=Structure.FROM_2025, level=Level.DISTRICT
    ).exists()

    # Hải Dương (30) and its 12 real district-level units, with official types.
    hd = AdministrativeUnit.objects.get(
        structure=Structure.LEGACY, level=Level.PROVINCE, code="30"
    )
    assert hd.name == "Tỉnh Hải Dương" and hd.unit_type == UnitType.TINH
    districts = {u.code: u for u in AdministrativeUnit.objects.filter(parent=hd)}
    assert sorted(districts) == [str(c) for c in range(288, 301) if c != 289]
    assert districts["300"].name == "Huyện Thanh Miện"
    assert districts["292"].unit_type == UnitType.THI_XA
    assert districts["288"].unit_type == UnitType.THANH_PHO
    assert count(Structure.LEGACY, Level.COMMUNE, path__startswith=hd.path) == 207
    assert hd.valid_until is not None and hd.valid_until.isoformat() == "2025-06-30"

    # 2025: Hải Phòng (31) has 114 communes; special zones exist.
    hp = AdministrativeUnit.objects.get(
        structure=Structure.FROM_2025, level=Level.PROVINCE, code="31"
    )
    assert AdministrativeUnit.objects.filter(parent=hp).count() == 114
    assert hp.valid_from is not None and hp.valid_from.isoformat() == "2025-07-01"
    assert AdministrativeUnit.objects.filter(unit_type=UnitType.DAC_KHU).exists()

    # Legacy → 2025: Hải Dương became part of Hải Phòng; every legacy commune of
    # Hải Dương has a successor commune in Hải Phòng.
    assert UnitCorrespondence.objects.filter(legacy=hd, successor=hp).exists()
    hd_communes = AdministrativeUnit.objects.subtree_of(hd.path).filter(
        level=Level.COMMUNE
    )
    linked = UnitCorrespondence.objects.filter(legacy__in=hd_communes, is_primary=True)
    assert linked.values("legacy").distinct().count() == 207
    assert all(
        link.successor.parent_id == hp.pk for link in linked.select_related("successor")
    )

    # Idempotent: nothing changes on a second run.
    events = AuditEvent.objects.count()
    second = load_units()
    assert not second.changed
    assert AuditEvent.objects.count() == events

    # A name changed upstream (simulated by editing ours) is restored with history.
    unit = districts["300"]
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Huyện Cũ")
    third = load_units()
    assert third.updated == {"legacy": 1}
    unit.refresh_from_db()
    assert unit.name == "Huyện Thanh Miện" and unit.search_key == "huyen thanh mien"
    event = AuditEvent.objects.get(action="unit.update", object_id=str(unit.pk))
    assert (
        event.before["name"] == "Huyện Cũ" and event.after["name"] == "Huyện Thanh Miện"
    )
