"""Acceptance on the seed: the Hải Dương appendix imported for 2023S1."""

from pathlib import Path

import pytest

from cnscd.core.periods import parse_period
from cnscd.core.system import SYSTEM
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.seed_appendix import appendix_workbook
from cnscd.indicators.selectors import form_get, pivot
from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

# The appendix's true totals (its printed total row leaves out two districts).
SEED_TOTALS = {
    "training_sessions": 522,
    "members_trained": 5019,
    "citizens_guided": 316105,
    "dvc_accounts_created": 198149,
    "vneid_accounts_created": 564954,
    "ocop_products": 220,
    "ocop_products_online": 111,
}


@pytest.fixture
def hai_duong() -> AdministrativeUnit:
    load_units()
    return AdministrativeUnit.objects.get(
        structure="legacy", level="province", code="30"
    )


def test_seed_appendix_import_findings_and_pivot(hai_duong: AdministrativeUnit) -> None:
    result = import_sheet(
        actor=SYSTEM,
        data=appendix_workbook(),
        filename="phu-luc.xlsx",
        period="2023S1",
        parent=hai_duong,
    )
    out = result.as_dict()
    assert out["stored"] is True and out["form"] == "pl-cnscd-huyen"
    assert len(out["rows"]) == 12 and all(r["unit_code"] for r in out["rows"])
    codes = {r["label"]: r["unit_code"] for r in out["rows"]}
    assert (
        codes["Thanh miện"] == "300"
        and codes["Thành phố Hải Dương"] == "288"
        and codes["Kinh môn"] == "292"
    )
    tp = next(r for r in out["rows"] if r["unit_code"] == "288")
    assert tp["values"] == {
        "training_sessions": 14,
        "members_trained": 1038,
        "citizens_guided": 50,
        "dvc_accounts_created": None,
        "vneid_accounts_created": 204,
        "ocop_products": 58,
        "ocop_products_online": 23,
    }
    assert (
        out["total_row"]["label"] == "Tổng"
        and out["total_row"]["values"]["citizens_guided"] == 308760
    )

    kinds = [f for f in out["findings"] if f["kind"] == "total_mismatch"]
    assert sorted(f["column"] for f in kinds) == sorted(
        [
            "citizens_guided",
            "dvc_accounts_created",
            "vneid_accounts_created",
            "ocop_products",
            "ocop_products_online",
        ]
    )
    citizens = next(f for f in kinds if f["column"] == "citizens_guided")
    assert "308.760" in citizens["message"] and "316.105" in citizens["message"]
    assert "dòng 17 (Thanh Hà), dòng 18 (Kinh môn)" in citizens["message"]

    gia_loc = [
        f
        for f in out["findings"]
        if f["unit_code"] == "297" and f["kind"] in ("rule_violation", "outlier")
    ]
    assert any(
        f["kind"] == "rule_violation"
        and "10.963" in f["message"]
        and "438" in f["message"]
        for f in gia_loc
    )
    assert any(f["kind"] == "outlier" for f in gia_loc)
    nam_sach = [f for f in out["findings"] if f["kind"] == "digit_preference"]
    assert [f["unit_code"] for f in nam_sach] == [
        "291"
    ] and "30.000 / 30.000 / 60.000" in nam_sach[0]["message"]
    assert not [f for f in out["findings"] if f["severity"] == "error"]

    table = pivot(
        actor=SYSTEM,
        unit=hai_duong,
        period=parse_period("2023S1"),
        form=form_get("pl-cnscd-huyen"),
    ).as_dict()
    assert table["total"] == SEED_TOTALS
    assert len(table["rows"]) == 12

    # Importing the same file again changes nothing.
    again = import_sheet(
        actor=SYSTEM,
        data=appendix_workbook(),
        filename="phu-luc.xlsx",
        period="2023S1",
        parent=hai_duong,
    )
    assert again.stored
    table2 = pivot(
        actor=SYSTEM,
        unit=hai_duong,
        period=parse_period("2023S1"),
        form=form_get("pl-cnscd-huyen"),
    ).as_dict()
    assert table2 == table
    from cnscd.indicators.rollups import rebuild

    assert rebuild(fix=False).clean


def test_names_that_differ_only_by_accents_are_different_units() -> None:
    """Hải Phòng (2025) has both Xã Cẩm Giang and Xã Cẩm Giàng: each row goes
    to its own commune; an unaccented label that could be either is not guessed."""
    from cnscd.indicators.matching import Matcher as _Matcher
    from cnscd.units.models import AdministrativeUnit

    giang = AdministrativeUnit(code="1", name="Xã Cẩm Giang", short_name="Cẩm Giang")
    giang_grave = AdministrativeUnit(
        code="2", name="Xã Cẩm Giàng", short_name="Cẩm Giàng"
    )
    other = AdministrativeUnit(code="3", name="Xã Tân Kỳ", short_name="Tân Kỳ")
    units = [giang, giang_grave, other]
    assert _Matcher(units).by_name("Xã Cẩm Giàng") == (giang_grave, 1.0)
    assert _Matcher(units).by_name("Xã Cẩm Giang") == (giang, 1.0)
    assert _Matcher(units).by_name("Cẩm Giàng") == (giang_grave, 0.95)
    assert _Matcher(units).by_name("Cẩm giang") == (giang, 0.95)
    assert _Matcher(units).by_name("Xa Cam Giang") == (None, 0.0)
    assert _Matcher(units).by_name("Tan ky") == (other, 0.95)


@pytest.mark.parametrize(
    ("received_on", "late", "stamped"),
    [
        (None, 0, False),  # nobody said when the file came: neither on time nor late
        ("10/7/2023", 0, True),  # deadline of the half-year form: 15/7/2023
        ("15/7/2023", 0, True),
        ("16/7/2023", 12, True),
    ],
)
def test_imported_reports_are_late_only_by_the_day_the_file_came(
    hai_duong: AdministrativeUnit, received_on: str | None, late: int, stamped: bool
) -> None:
    import datetime as dt

    from cnscd.core.formatting import parse_date
    from cnscd.indicators.completeness import completeness

    result = import_sheet(
        actor=SYSTEM,
        data=appendix_workbook(),
        filename="phu-luc.xlsx",
        period="2023S1",
        parent=hai_duong,
        received_on=parse_date(received_on) if received_on else None,
    )
    assert result.stored
    rows = completeness(
        actor=SYSTEM,
        unit=hai_duong,
        form=form_get("pl-cnscd-huyen"),
        period=parse_period("2023S1"),
    )
    assert len(rows) == 12 and all(r.report is not None for r in rows)
    assert sum(r.late for r in rows) == late
    days = {
        r.report.submitted_at.date() if r.report.submitted_at else None for r in rows
    }  # type: ignore[union-attr]
    assert days == ({parse_date(received_on)} if stamped else {None})
    assert all(isinstance(d, dt.date) for d in days) == stamped


def test_a_received_day_in_the_future_is_refused(hai_duong: AdministrativeUnit) -> None:
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    with pytest.raises(ValidationError, match="không thể sau hôm nay"):
        import_sheet(
            actor=SYSTEM,
            data=appendix_workbook(),
            filename="phu-luc.xlsx",
            period="2023S1",
            parent=hai_duong,
            received_on=timezone.localdate() + dt.timedelta(days=1),
        )


def test_import_command_reads_the_received_day(
    hai_duong: AdministrativeUnit, tmp_path: Path
) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    from cnscd.indicators.models import Report

    path = tmp_path / "phu-luc.xlsx"
    path.write_bytes(appendix_workbook())
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command(
            "import_sheet",
            str(path),
            unit="30",
            period="2023S1",
            received_on="32/7/2023",
        )
    call_command(
        "import_sheet",
        str(path),
        unit="30",
        period="2023S1",
        received_on="20/7/2023",
        stdout=StringIO(),
    )
    days = {
        r.submitted_at.date()  # type: ignore[union-attr]
        for r in Report.objects.filter(period="2023S1", unit__parent=hai_duong)
    }
    assert [d.isoformat() for d in days] == ["2023-07-20"]


def test_a_name_written_with_the_old_tone_placement_finds_its_unit(tree) -> None:
    """Two communes whose names differ only by accents ("An Thụy", "An Thủy"):
    a sheet writing "An Thuỵ" the old way means the first (issue #14, 4)."""
    from cnscd.indicators.matching import Matcher as _Matcher
    from cnscd.units.choices import Level
    from conftest import make_unit

    thuy = make_unit("90011", "Xã An Thụy", Level.COMMUNE, tree.p)
    other = make_unit("90012", "Xã An Thủy", Level.COMMUNE, tree.p)
    matcher = _Matcher([thuy, other])
    assert matcher.by_name("An Thuỵ")[0] == thuy
    assert matcher.by_name("Xã An Thuỵ")[0] == thuy
    assert matcher.by_name("An Thủy")[0] == other
