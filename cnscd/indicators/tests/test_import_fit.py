"""An import decides the rows' level from all rows, takes only a form that fits
the rows and the period, and says in the dry run which figures would be
replaced or counted twice (issue #14, item 4)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cnscd.core.periods import parse_period
from cnscd.core.system import SYSTEM
from cnscd.indicators import services, workflow
from cnscd.indicators.choices import ReportStatus
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.models import DataValue, Indicator, Report
from cnscd.indicators.quality import Finding
from cnscd.indicators.seed_appendix import appendix_workbook
from cnscd.indicators.selectors import form_get
from cnscd.indicators.tests.sheets import numbered_sheet, seed_appendix_stored
from cnscd.units.choices import Level, UnitType
from cnscd.units.models import AdministrativeUnit
from conftest import make_unit

pytestmark = pytest.mark.django_db

COMMUNE_HEADER = [
    "STT",
    "Tên xã",
    "Số buổi tập huấn",
    "Số thành viên được tập huấn",
    "Người dân được hướng dẫn",
    "Tài khoản DVCTT",
    "Tài khoản VNeID",
]


def legacy(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(structure="legacy", level=level, code=code)


@pytest.fixture
def seeded() -> AdministrativeUnit:
    """Hải Dương with the seed's district appendix stored for 2023S1."""
    return seed_appendix_stored()


def communes_of(district: AdministrativeUnit, n: int) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(parent=district).valid_on(
            district.valid_until or district.valid_from
        )
    )[:n]


def commune_rows(communes: list[AdministrativeUnit]) -> list[list[object]]:
    return [[c.name, 3 + i, 10, 100, 40, 50] for i, c in enumerate(communes)]


def test_a_half_year_commune_table_is_not_stored_as_the_monthly_form(
    seeded: AdministrativeUnit,
) -> None:
    thanh_mien = legacy("district", "300")
    before = DataValue.objects.count()
    with pytest.raises(ValidationError) as exc:
        import_sheet(
            actor=SYSTEM,
            data=numbered_sheet(
                COMMUNE_HEADER, commune_rows(communes_of(thanh_mien, 4))
            ),
            filename="xa.xlsx",
            period="2023S1",
            parent=thanh_mien,
        )
    assert exc.value.messages == [
        "Các cột của tệp giống biểu “Kết quả hoạt động Tổ CNSCĐ cấp xã (hằng tháng)”, "
        "nhưng biểu “Kết quả hoạt động Tổ CNSCĐ cấp xã (hằng tháng)” báo cáo theo kỳ "
        "tháng, không nhận số liệu 6 tháng đầu năm 2023. Hãy chọn đúng kỳ báo cáo "
        "hoặc biểu mẫu (--form)."
    ]
    assert DataValue.objects.count() == before


def test_a_chosen_form_that_does_not_fit_the_rows_is_refused(
    seeded: AdministrativeUnit,
) -> None:
    from cnscd.indicators.selectors import form_get

    district_names = [
        ["Huyện Thanh Miện", 1, 2, 3, 4, 5],
        ["Huyện Gia Lộc", 1, 2, 3, 4, 5],
    ]
    with pytest.raises(ValidationError) as exc:
        import_sheet(
            actor=SYSTEM,
            data=numbered_sheet(COMMUNE_HEADER, district_names),
            filename="huyen.xlsx",
            period="202306",
            parent=seeded,
            form=form_get("bc-cnscd-xa"),
        )
    assert "các dòng của tệp là đơn vị cấp huyện" in exc.value.messages[0]
    assert "dành cho cấp xã" in exc.value.messages[0]


def test_the_rows_level_is_decided_from_all_rows(seeded: AdministrativeUnit) -> None:
    """Every district name here is also a town's name ("Thị trấn Gia Lộc"…):
    all of them name districts, so the table is a district table; four
    communes, one of which shares a district's name, stay communes."""
    from cnscd.indicators.import_checks import RowLabel, row_level

    districts = list(
        AdministrativeUnit.objects.filter(parent=seeded).valid_on(seeded.valid_until)
    )
    names = [d.name.removeprefix("Huyện ") for d in districts]
    towns = AdministrativeUnit.objects.filter(
        level="commune", name__in=[f"Thị trấn {n}" for n in names]
    )
    assert towns.count() >= 5  # the trap is real
    from cnscd.core.periods import parse_period

    level, _ = row_level(
        SYSTEM, seeded, parse_period("2023S1"), [RowLabel(n, "") for n in names], None
    )
    assert level == "district"
    thanh_mien = legacy("district", "300")
    communes = [c.name for c in communes_of(thanh_mien, 3)] + ["Thanh Miện"]
    level, by_level = row_level(
        SYSTEM,
        seeded,
        parse_period("202306"),
        [RowLabel(n, "") for n in communes],
        None,
    )
    assert level == "commune" and len(by_level["commune"].candidates) > 200


def test_dry_run_says_which_figure_counts_and_what_is_replaced(
    seeded: AdministrativeUnit,
) -> None:
    thanh_mien = legacy("district", "300")
    communes = communes_of(thanh_mien, 4)
    first = import_sheet(
        actor=SYSTEM,
        data=numbered_sheet(COMMUNE_HEADER, commune_rows(communes)),
        filename="xa.xlsx",
        period="202306",
        parent=thanh_mien,
    )
    double = [f for f in first.findings if f.kind == "own_figure_counts"]
    sessions = next(f for f in double if f.column == "training_sessions")
    assert sessions.severity == "warning" and sessions.unit_code == "300"
    assert sessions.message == (
        "Huyện Thanh Miện đã có số liệu riêng 6 tháng đầu năm 2023 cho “Số buổi hội nghị, tập "
        "huấn”: 159; 4 đơn vị trong tệp thuộc Huyện Thanh Miện cộng lại 18. Số riêng "
        "vẫn là số của Huyện Thanh Miện cho kỳ đó, không cộng thêm số của các đơn vị "
        "này; số của chúng được hiện bên cạnh để đối chiếu."
    )
    assert first.stored  # a warning, not an error: the officer decides

    changed = commune_rows(communes)
    changed[0][1] = 7

    def again() -> list[Finding]:
        return import_sheet(
            actor=SYSTEM,
            data=numbered_sheet(COMMUNE_HEADER, changed),
            filename="xa.xlsx",
            period="202306",
            parent=thanh_mien,
            dry_run=True,
        ).findings

    # Submitted: the change is refused, and not also announced as a replacement.
    kinds = [f.kind for f in again()]
    assert "locked_report" in kinds and "replaced_value" not in kinds
    Report.objects.filter(unit=communes[0], period="202306").update(
        status=ReportStatus.RETURNED
    )
    replaced = [f for f in again() if f.kind == "replaced_value"]
    assert [f.message for f in replaced] == [
        f"{communes[0].name} đã có số liệu tháng 6/2023; tệp sẽ thay "
        "Số buổi hội nghị, tập huấn: 3 → 7."
    ]
    assert replaced[0].unit_code == communes[0].code

    # A village of the first commune has a June figure of its own too: the
    # commune's figure (3) counts, not the commune's and the village's (3+5).
    village = make_unit(
        f"{communes[0].code}.901",
        "Thôn Thử",
        Level.VILLAGE,
        communes[0],
        UnitType.THON,
    )
    june = parse_period("202306")
    services.values_store(
        actor=SYSTEM,
        report=workflow.report_for_display(
            form=form_get("bc-cnscd-xa"), unit=village, period=june
        ),
        period=june,
        values=[
            services.ValueInput(
                Indicator.objects.get(code="training_sessions"), Decimal(5)
            )
        ],
    )

    # The district table for the half-year again: its communes now have June.
    district = import_sheet(
        actor=SYSTEM,
        data=appendix_workbook(),
        filename="phu-luc.xlsx",
        period="2023S1",
        parent=seeded,
        dry_run=True,
    )
    below = [
        f
        for f in district.findings
        if f.kind == "own_figure_counts" and f.column == "training_sessions"
    ]
    assert [f.message for f in below] == [
        "4 đơn vị thuộc Huyện Thanh Miện đã có số liệu cho “Số buổi hội nghị, tập "
        "huấn”, cộng lại 18; tệp ghi 159 là số riêng của Huyện Thanh Miện. Nếu lưu, số này "
        "là số của Huyện Thanh Miện, không cộng thêm số của các đơn vị đó; số của chúng "
        "được hiện bên cạnh để đối chiếu."
    ]
    assert not [f for f in district.findings if f.kind == "replaced_value"]


def test_columns_get_the_best_assignment_with_a_confidence(
    seeded: AdministrativeUnit,
) -> None:
    """ "Sản phẩm OCOP lên sàn" names both OCOP indicators; the plain "Sản phẩm
    OCOP" column after it takes the products, so it gets those online rather
    than leaving the second column unmatched. A header mostly of words no
    indicator has is used but flagged for the officer."""
    header = [
        "STT",
        "Đơn vị",
        "Số buổi hội nghị, tập huấn",
        "Sản phẩm OCOP lên sàn",
        "Sản phẩm OCOP",
        "Tài khoản VNeID kích hoạt mức 2 tại nhà văn hoá thôn",
    ]
    result = import_sheet(
        actor=SYSTEM,
        data=numbered_sheet(header, [["Huyện Thanh Miện", 159, 12, 20, 7]]),
        filename="huyen.xlsx",
        period="2023S1",
        parent=seeded,
        dry_run=True,
    )
    assert result.form is not None and result.form.code == "pl-cnscd-huyen"
    columns = result.as_dict()["columns"]
    assert [(c["header"], c["indicator"]) for c in columns] == [
        ("Số buổi hội nghị, tập huấn", "training_sessions"),
        ("Sản phẩm OCOP lên sàn", "ocop_products_online"),
        ("Sản phẩm OCOP", "ocop_products"),
        (
            "Tài khoản VNeID kích hoạt mức 2 tại nhà văn hoá thôn",
            "vneid_accounts_created",
        ),
    ]
    assert [c["confidence"] for c in columns][:3] == [1.0, 1.0, 1.0]
    assert columns[3]["confidence"] < 0.5
    unsure = [f for f in result.findings if f.kind == "unsure_column"]
    assert [f.header for f in unsure] == [header[5]]
    assert unsure[0].message.startswith(
        f"Cột “{header[5]}” được hiểu là chỉ tiêu “Số lượng tài khoản VNeID được "
        "tạo” (độ tin cậy "
    )
    assert not [f for f in result.findings if f.kind == "unmapped_column"]
