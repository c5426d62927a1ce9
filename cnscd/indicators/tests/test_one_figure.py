"""One figure per unit (issue #14, ADR 0013): Hải Dương's appendix gives Thanh
Miện 159 sessions for 2023S1; four of its communes then send June figures.
Thanh Miện stays at 159 and the province at 522 — the communes' 14 are shown
beside Thanh Miện as a check, never added to it."""

from decimal import Decimal

import pytest

from cnscd.core.periods import parse_period
from cnscd.core.system import SYSTEM
from cnscd.indicators import rollups, services
from cnscd.indicators.models import DataValue, Indicator
from cnscd.indicators.selectors import (
    cell_sources,
    counted,
    form_get,
    pivot,
    values_for_units,
)
from cnscd.indicators.tests.sheets import seed_appendix_stored
from cnscd.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
S1 = parse_period("2023S1")
JUNE = parse_period("202306")


@pytest.fixture
def thanh_mien() -> AdministrativeUnit:
    seed_appendix_stored()
    return AdministrativeUnit.objects.get(structure="legacy", code="300")


def communes_send_june(district: AdministrativeUnit, sessions: list[int]) -> None:
    form = form_get("bc-cnscd-xa")
    indicator = Indicator.objects.get(code="training_sessions")
    communes = list(
        AdministrativeUnit.objects.filter(parent=district).order_by("code")[
            : len(sessions)
        ]
    )
    services.values_store_many(
        actor=SYSTEM,
        period=JUNE,
        items=[
            services.ReportValues(
                services.report_for(form=form, unit=c, period=JUNE),
                [services.ValueInput(indicator, Decimal(n))],
            )
            for c, n in zip(communes, sessions, strict=True)
        ],
    )


def test_a_district_s_own_figure_wins_over_its_communes(
    thanh_mien: AdministrativeUnit,
) -> None:
    communes_send_june(thanh_mien, [3, 4, 3, 4])
    province = thanh_mien.parent
    assert province is not None
    sessions = Indicator.objects.get(code="training_sessions")
    got = values_for_units([thanh_mien, province], [sessions], S1)
    assert got[(thanh_mien.pk, sessions.pk)] == 159
    assert got[(province.pk, sessions.pk)] == 522
    # June has no figure of Thanh Miện's own: its communes' sum is its figure.
    june = values_for_units([thanh_mien, province], [sessions], JUNE)
    assert june[(thanh_mien.pk, sessions.pk)] == 14
    assert june[(province.pk, sessions.pk)] == 14

    table = pivot(
        actor=SYSTEM, unit=province, period=S1, form=form_get("pl-cnscd-huyen")
    )
    row = next(r for r in table.rows if r.unit.pk == thanh_mien.pk)
    assert row.values["training_sessions"] == 159
    assert row.below == {"training_sessions": 14}
    assert table.total["training_sessions"] == 522
    assert table.own == {}  # the province has no figure of its own
    assert (
        "Huyện Thanh Miện báo cáo 159 buổi (số buổi hội nghị, tập huấn), "
        "các xã cộng lại 14; số của Huyện Thanh Miện được dùng."
    ) in table.findings

    sources = counted(
        cell_sources(actor=SYSTEM, unit=province, indicator=sessions, period=S1),
        province,
    )
    replaced = [s for s in sources if s.replaced_by is not None]
    assert {s.replaced_by.pk for s in replaced if s.replaced_by} == {thanh_mien.pk}
    assert sorted(s.value.value for s in replaced) == [3, 3, 4, 4]
    assert sum(
        s.value.value
        for s in sources
        if s.replaced_by is None and not s.value.disaggregation
    ) == Decimal(522)
    assert rollups.rebuild(fix=False).clean


def test_removing_the_district_s_figure_hands_over_to_its_communes(
    thanh_mien: AdministrativeUnit,
) -> None:
    communes_send_june(thanh_mien, [3, 4, 3, 4])
    sessions = Indicator.objects.get(code="training_sessions")
    report = DataValue.objects.get(
        unit=thanh_mien, indicator=sessions, period="2023S1", disaggregation=""
    ).report
    assert report is not None
    services.values_store(
        actor=SYSTEM,
        report=report,
        period=S1,
        values=[services.ValueInput(sessions, None)],
    )
    province = thanh_mien.parent
    assert province is not None
    got = values_for_units([thanh_mien, province], [sessions], S1)
    assert got[(thanh_mien.pk, sessions.pk)] == 14
    assert got[(province.pk, sessions.pk)] == 522 - 159 + 14
    assert rollups.rebuild(fix=False).clean


def test_a_unit_s_own_figure_shows_with_or_without_its_children_s(
    thanh_mien: AdministrativeUnit,
) -> None:
    """Thanh Miện's own pivot: with no commune figure its total row is blank
    and its own 159 is shown under it; once communes send June, the rows add
    up to 14, the 159 still counts and the finding says so."""
    form = form_get("pl-cnscd-huyen")
    alone = pivot(actor=SYSTEM, unit=thanh_mien, period=S1, form=form)
    assert alone.total["training_sessions"] is None
    assert alone.own["training_sessions"] == 159
    assert alone.own["citizens_guided"] == 57267
    assert alone.findings == []

    communes_send_june(thanh_mien, [3, 4, 3, 4])
    table = pivot(actor=SYSTEM, unit=thanh_mien, period=S1, form=form)
    assert table.total["training_sessions"] == 14
    assert table.own["training_sessions"] == 159
    assert table.findings[0].startswith("Huyện Thanh Miện báo cáo 159 buổi")


def test_the_report_reads_the_unit_s_own_figure(
    thanh_mien: AdministrativeUnit,
) -> None:
    """The district's report says 159 sessions in its lead, its figures and its
    appendix, not its communes' 14; the appendix keeps the total row bold and
    the own figure under it; the data notes say why."""
    import io

    from docx import Document

    from cnscd.reports import render
    from cnscd.reports.narrative import sections
    from cnscd.reports.selectors import report_content
    from cnscd.reports.services import render_bytes

    communes_send_june(thanh_mien, [3, 4, 3, 4])
    content = report_content(actor=SYSTEM, unit=thanh_mien, period=S1)
    figures = {f.indicator.code: f.value for f in content.figures}
    assert figures["training_sessions"] == 159
    text = "\n".join(b.text for s in sections(content) for b in s.blocks)
    assert "tổ chức 159 buổi hội nghị, tập huấn" in text
    assert "tổ chức 14 buổi" not in text
    assert any(
        f.kind == "own_figure_counts" and "các xã cộng lại 14" in f.message
        for f in content.findings
    )
    table = render.appendix_table(content)
    assert table is not None
    assert table["total"][1] == "Tổng cộng" and table["total"][2] == "14"
    assert [r[1:3] for r in table["after"]] == [
        ["Số Huyện Thanh Miện tự báo cáo (được dùng)", "159"]
    ]
    doc = Document(io.BytesIO(render_bytes(content, "docx")))
    grid = next(
        t for t in doc.tables if any(r.cells[1].text == "Tổng cộng" for r in t.rows)
    )
    bold = {
        row.cells[1].text: any(r.bold for p in row.cells[1].paragraphs for r in p.runs)
        for row in grid.rows
    }
    assert bold["Tổng cộng"] is True
    assert bold["Số Huyện Thanh Miện tự báo cáo (được dùng)"] is False


def test_the_pivot_command_shows_the_own_figure_and_the_check(
    thanh_mien: AdministrativeUnit,
) -> None:
    from io import StringIO

    from django.core.management import call_command

    communes_send_june(thanh_mien, [3, 4, 3, 4])
    out = StringIO()
    call_command("pivot", unit="30", period="2023S1", stdout=out)
    row = next(line for line in out.getvalue().splitlines() if "Thanh Miện" in line)
    assert "159 (cấp dưới: 14)" in row
    district = StringIO()
    call_command(
        "pivot", unit="300", period="2023S1", form="bc-cnscd-xa", stdout=district
    )
    text = district.getvalue()
    assert "Số Huyện Thanh Miện tự báo cáo (được dùng)" in text
    assert "Lưu ý: Huyện Thanh Miện báo cáo 159 buổi" in text
