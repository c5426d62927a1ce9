"""History in today's boundaries (issue #15, item 2): before 1/7/2025 a 2025
province's figure is the sum of the legacy provinces it took in whole, kept
as maintained roll-ups (and by `rebuild_rollups`), on every surface; its pivot
shows the rows the figures were reported in."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.indicators import services
from cnscd.indicators.models import DataValue, Indicator, Report
from cnscd.indicators.rollups import rebuild
from cnscd.indicators.selectors import form_get, pivot, values_for_units
from cnscd.units.choices import Level, Structure, UnitType
from cnscd.units.models import UnitCorrespondence
from conftest import client_for, enrol_totp, make_unit, make_user

pytestmark = pytest.mark.django_db


def _store(unit, period: str, value: int | None, code: str = "citizens_guided") -> None:
    services.values_store(
        actor=SYSTEM,
        report=Report.objects.get_or_create(
            form=form_get(
                "pl-cnscd-huyen"
                if len(period) == 6 and "S" in period
                else "bc-cnscd-xa"
            ),
            unit=unit,
            period=period,
        )[0],
        period=parse_period(period),
        values=[
            services.ValueInput(
                Indicator.objects.get(code=code),
                None if value is None else Decimal(value),
            )
        ],
    )


def test_a_2025_province_shows_the_legacy_provinces_it_took_in() -> None:
    new = Structure.FROM_2025
    hd = make_unit("30", "Tỉnh Hải Dương", Level.PROVINCE, unit_type=UnitType.TINH)
    hp = make_unit(
        "31", "Thành phố Hải Phòng", Level.PROVINCE, unit_type=UnitType.THANH_PHO_TW
    )
    tm = make_unit("300", "Huyện Thanh Miện", Level.DISTRICT, hd, UnitType.HUYEN)
    kt = make_unit("310", "Quận Kiến Thụy", Level.DISTRICT, hp, UnitType.HUYEN)
    commune = make_unit("30001", "Xã Đoàn Tùng", Level.COMMUNE, tm)
    city = make_unit(
        "31",
        "Thành phố Hải Phòng",
        Level.PROVINCE,
        unit_type=UnitType.THANH_PHO_TW,
        structure=new,
    )
    ward = make_unit("31001", "Phường Mới", Level.COMMUNE, city, structure=new)
    for legacy in (hd, hp):
        UnitCorrespondence.objects.create(legacy=legacy, successor=city)
    UnitCorrespondence.objects.create(legacy=commune, successor=ward)
    guided = Indicator.objects.get(code="citizens_guided")

    _store(tm, "2023S1", 159)
    _store(kt, "2023S1", 41)
    _store(commune, "202306", 7)  # below Thanh Miện's own half-year: not added
    _store(ward, "202512", 30)  # after the reform: the city's own communes

    def figure(unit, code: str) -> Decimal | None:
        return values_for_units([unit], [guided], parse_period(code))[
            (unit.pk, guided.pk)
        ]

    assert figure(city, "2023S1") == 200 == figure(hd, "2023S1") + figure(hp, "2023S1")
    assert figure(city, "202306") == 7
    assert figure(city, "2025S2") == 30  # today's structure, unchanged
    assert figure(city, "2025") == 30  # a year across the reform: not mixed
    assert rebuild(fix=False).clean

    _store(kt, "2023S1", 50)  # a correction reaches today's boundaries at once
    assert figure(city, "2023S1") == 209
    _store(kt, "2023S1", None)
    assert figure(city, "2023S1") == 159
    assert rebuild(fix=False).clean

    officer = make_user("tp.haiphong", city, Role.PROVINCE_OFFICER)
    enrol_totp(officer)
    table = pivot(
        actor=officer,
        unit=city,
        period=parse_period("2023S1"),
        form=form_get("pl-cnscd-huyen"),
    )
    assert [u.code for u in table.former] == ["30", "31"]
    assert [(r.unit.name, r.values["citizens_guided"]) for r in table.rows] == [
        ("Huyện Thanh Miện", 159),
        ("Quận Kiến Thụy", None),
    ]
    assert table.total["citizens_guided"] == figure(city, "2023S1")
    page = client_for(officer).get(
        f"/indicators/pivot/?unit={city.pk}&period=2023S1&form=pl-cnscd-huyen"
    )
    assert page.status_code == 200
    assert "các dòng là đơn vị cấp huyện của Tỉnh Hải Dương và Thành phố Hải Phòng" in (
        page.content.decode()
    )
    out = io.StringIO()
    call_command(
        "pivot",
        unit="31",
        structure="2025",
        period="2023S1",
        form="pl-cnscd-huyen",
        stdout=out,
    )
    assert "Trước 01/7/2025: các dòng là đơn vị cấp huyện của Tỉnh Hải Dương" in (
        out.getvalue()
    )
    total = next(x for x in out.getvalue().splitlines() if x.strip().startswith("Tổng"))
    assert [c.strip() for c in total.split("|")][2] == "159"  # people guided
    # Someone who does not see the 2025 city does not get its history either.
    other = make_user("xa.khac", ward, Role.COMMUNE_OFFICER)
    assert (
        pivot(
            actor=other,
            unit=city,
            period=parse_period("2023S1"),
            form=form_get("pl-cnscd-huyen"),
        ).former
        == []
    )


def test_a_figure_goes_to_the_unit_in_force_in_its_period() -> None:
    """A legacy commune takes no figure after its end, a 2025 one none before
    its start; the refusal names where the figure goes."""
    old = make_unit("30", "Tỉnh Hải Dương", Level.PROVINCE, unit_type=UnitType.TINH)
    commune = make_unit("30001", "Xã Đoàn Tùng", Level.COMMUNE, old)
    city = make_unit(
        "31",
        "Thành phố Hải Phòng",
        Level.PROVINCE,
        unit_type=UnitType.THANH_PHO_TW,
        structure=Structure.FROM_2025,
    )
    ward = make_unit(
        "31001", "Xã Thanh Miện", Level.COMMUNE, city, structure=Structure.FROM_2025
    )
    UnitCorrespondence.objects.create(legacy=commune, successor=ward)
    with pytest.raises(ValidationError, match="thuộc về Xã Thanh Miện; hãy báo cáo"):
        _store(commune, "202601", 5)
    with pytest.raises(ValidationError, match=r"thuộc cơ cấu cũ \(Xã Đoàn Tùng\)"):
        _store(ward, "202306", 5)
    _store(commune, "202506", 5)  # the last month of the legacy structure
    _store(ward, "202507", 5)
    assert not DataValue.objects.filter(period__in=["202601", "202306"]).exists()
