"""The whole country: a root unit per structure whose roll-ups are kept like any
other unit's, its pivot of provinces, its report and its map."""

import io
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from docx import Document
from openpyxl import Workbook

from cnscd.accounts.models import User
from cnscd.accounts.services import assignment_add
from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.dashboards.selectors import dashboard
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.models import Form
from cnscd.indicators.rollups import rebuild
from cnscd.indicators.seed_appendix import HEADERS, appendix_workbook
from cnscd.indicators.selectors import form_for_level, pivot, values_for_units
from cnscd.indicators.tests.test_seed_import import SEED_TOTALS
from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import units_visible_to

pytestmark = pytest.mark.django_db

SEED = SEED_TOTALS


def _generated_sheet(province: AdministrativeUnit) -> tuple[bytes, dict[str, int]]:
    """An appendix for every district of `province`, and its column totals."""
    rng = random.Random(province.code)
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Đơn vị", *HEADERS])
    totals = dict.fromkeys(SEED, 0)
    districts = AdministrativeUnit.objects.filter(parent=province).order_by("code")
    for i, d in enumerate(districts, start=1):
        guided = rng.randint(500, 9000)
        ocop = rng.randint(0, 20)
        row = dict(
            zip(
                SEED,
                [
                    rng.randint(1, 40),
                    rng.randint(10, 400),
                    guided,
                    rng.randint(0, guided),
                    rng.randint(0, guided),
                    ocop,
                    rng.randint(0, ocop),
                ],
                strict=True,
            )
        )
        for k, v in row.items():
            totals[k] += v
        ws.append([i, d.name, *row.values()])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), totals


@pytest.fixture
def country() -> tuple[AdministrativeUnit, dict[str, int]]:
    """The legacy country with the seed in Hải Dương and a generated appendix in
    Hải Phòng, both imported; returns the country and the expected totals."""
    load_units()
    expected = dict(SEED)
    for code in ("30", "31"):
        province = AdministrativeUnit.objects.get(
            structure="legacy", level="province", code=code
        )
        if code == "30":
            data = appendix_workbook()
        else:
            data, totals = _generated_sheet(province)
            expected = {k: v + totals[k] for k, v in expected.items()}
        result = import_sheet(
            actor=SYSTEM,
            data=data,
            filename=f"phu-luc-{code}.xlsx",
            period="2023S1",
            parent=province,
        )
        assert result.stored, result.findings
        assert result.form.code == "pl-cnscd-huyen"
    vn = AdministrativeUnit.objects.get(structure="legacy", level="country")
    return vn, expected


def test_each_structure_has_a_country_root() -> None:
    load_units()
    for structure, provinces in (("legacy", 63), ("2025", 34)):
        vn = AdministrativeUnit.objects.get(structure=structure, level="country")
        assert (vn.code, vn.name, vn.path, vn.depth, vn.parent) == (
            "VN",
            "Toàn quốc",
            f"/{structure}/",
            0,
            None,
        )
        children = AdministrativeUnit.objects.filter(parent=vn)
        assert children.count() == provinces
        assert set(children.values_list("level", "depth")) == {("province", 1)}
    # Loading again changes nothing (the country is matched like any unit).
    again = load_units()
    assert not again.changed


def test_the_island_districts_sit_on_the_islands() -> None:
    """The package puts the legacy Huyện Hoàng Sa and Huyện Trường Sa on the
    mainland; the loader gives them the 2025 special zones' centroids."""
    load_units()
    for name in ("Hoàng Sa", "Trường Sa"):
        legacy = AdministrativeUnit.objects.get(
            structure="legacy", level="district", short_name=name
        )
        zone = AdministrativeUnit.objects.get(
            structure="2025", unit_type="dac_khu", short_name=name
        )
        assert (legacy.latitude, legacy.longitude) == (zone.latitude, zone.longitude)
        assert zone.longitude is not None and zone.longitude > 111


def test_national_pivot_adds_up_the_provinces(
    country: tuple[AdministrativeUnit, dict[str, int]],
) -> None:
    vn, expected = country
    period = parse_period("2023S1")
    form = form_for_level("province")
    assert form is not None and form.code == "pl-cnscd-tinh"
    table = pivot(actor=SYSTEM, unit=vn, period=period, form=form)
    assert len(table.rows) == 63
    rows = {r.unit.code: r.values for r in table.rows}
    assert rows["30"] == {k: Decimal(v) for k, v in SEED.items()}
    assert rows["01"]["training_sessions"] is None  # Hà Nội reported nothing
    assert table.total == {k: Decimal(v) for k, v in expected.items()}
    # The country's own roll-up rows were kept on every save: the national
    # figure is read in one step and equals the sum of the rows.
    own = values_for_units([vn], table.columns, period)
    assert {c.code: own[(vn.pk, c.pk)] for c in table.columns} == table.total
    assert rebuild(fix=False).clean


def test_national_report_states_the_national_totals(
    country: tuple[AdministrativeUnit, dict[str, int]], tmp_path: Path
) -> None:
    _, expected = country
    out = tmp_path / "toan-quoc.docx"
    call_command(
        "report",
        unit="VN",
        period="2023S1",
        fmt="docx",
        output=str(out),
        stdout=io.StringIO(),
    )
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BỘ KHOA HỌC VÀ CÔNG NGHỆ" in text.upper()
    assert "trên địa bàn cả nước" in text
    assert "III. KẾT QUẢ TRIỂN KHAI CẤP TỈNH" in text
    guided = f"{expected['citizens_guided']:,}".replace(",", ".")
    assert f"({guided}) người dân" in text
    sessions = f"{expected['training_sessions']:,}".replace(",", ".")
    assert f"tổ chức {sessions} buổi hội nghị, tập huấn" in text
    appendix = doc.tables[-1]
    cells = [[c.text for c in row.cells] for row in appendix.rows]
    total = cells[-1]
    assert len(cells) == 1 + 63 + 1 and "Tổng" in total[1]
    assert total[2:] == [f"{v:,}".replace(",", ".") for v in expected.values()]


def test_national_map_always_shows_the_archipelagos() -> None:
    load_units()
    vn = AdministrativeUnit.objects.get(structure="2025", level="country")
    data = dashboard(actor=SYSTEM, unit=vn, period=parse_period("2025S2")).chart_data()
    assert [i["name"] for i in data["islands"]] == [
        "Quần đảo Hoàng Sa (Đà Nẵng)",
        "Quần đảo Trường Sa (Khánh Hòa)",
    ]
    assert len(data["children"]) == 34
    province = AdministrativeUnit.objects.get(
        structure="2025", level="province", code="01"
    )
    assert (
        dashboard(
            actor=SYSTEM, unit=province, period=parse_period("2025S2")
        ).chart_data()["islands"]
        == []
    )


def test_national_officer_holds_the_country_and_only_it() -> None:
    load_units()
    vn = AdministrativeUnit.objects.get(structure="legacy", level="country")
    province = AdministrativeUnit.objects.get(
        structure="legacy", level="province", code="30"
    )
    user = User.objects.create_user(username="bo", password="x")
    assignment_add(actor=SYSTEM, user=user, unit=vn, role=Role.NATIONAL_OFFICER)
    with pytest.raises(ValidationError, match="không gán được cho cấp tỉnh"):
        assignment_add(
            actor=SYSTEM, user=user, unit=province, role=Role.NATIONAL_OFFICER
        )
    visible = units_visible_to(user)
    assert visible.filter(pk=province.pk).exists()
    # The legacy country holds the legacy structure only.
    assert not visible.filter(structure="2025").exists()
    assert Form.objects.get(code="pl-cnscd-tinh").appendix
