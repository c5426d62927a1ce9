"""Forms reported by partner organisations: each partner reports its own
figures for a unit, the unit's total is their sum, officers approve, and a
partner never sees another partner's figures."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cnscd.accounts.models import Assignment, Organisation, User
from cnscd.core.concurrency import StaleVersion
from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.indicators import partners, services, workflow
from cnscd.indicators.choices import Source
from cnscd.indicators.completeness import completeness
from cnscd.indicators.models import DataValue, Indicator, Report, Rollup
from cnscd.indicators.selectors import cell_sources, form_get
from conftest import Tree, client_for, make_user

Q2 = parse_period("2023Q2")
FORM = "bc-doanh-nghiep"


def org(short_name: str) -> Organisation:
    return Organisation.objects.get(short_name=short_name)


def reporter(username: str, tree: Tree, short_name: str, unit=None) -> User:
    user = make_user(username, None, None)
    Assignment.objects.create(
        user=user,
        unit=unit or tree.p,
        role=Role.PARTNER_REPORTER,
        organisation=org(short_name),
    )
    return user


@pytest.fixture
def viettel(tree: Tree) -> User:
    return reporter("viettel", tree, "Viettel")


@pytest.fixture
def vnpt(tree: Tree) -> User:
    return reporter("vnpt", tree, "VNPT")


def partner_report(tree: Tree, short_name: str, unit=None) -> Report:
    return workflow.report_for_display(
        form=form_get(FORM),
        unit=unit or tree.p,
        period=Q2,
        organisation=org(short_name),
    )


def save(actor: User, report: Report, submit: bool = False, **raw: str) -> Report:
    return workflow.report_save(
        actor=actor,
        report=report,
        period=Q2,
        version=report.version,
        raw=raw,
        submit=submit,
    ).report


def total(unit, code: str = "digital_signatures") -> DataValue | None:
    return DataValue.objects.filter(
        unit=unit, period="2023Q2", indicator__code=code, disaggregation=""
    ).first()


def rolled(unit, code: str = "digital_signatures") -> Decimal | None:
    row = Rollup.objects.filter(
        unit=unit, indicator__code=code, first_month=Q2.first_month, container=False
    ).first()
    return row.total if row else None


def test_the_province_total_is_the_sum_of_what_partners_report(
    tree: Tree, viettel: User, vnpt: User
) -> None:
    r = save(viettel, partner_report(tree, "Viettel"), digital_signatures="1.200")
    assert r.organisation == org("Viettel") and r.status == "draft"
    assert total(tree.p).value == 1200 and total(tree.p).source == Source.COMPUTED
    save(vnpt, partner_report(tree, "VNPT"), digital_signatures="800", qr_markets="3")
    assert total(tree.p).value == 2000 and rolled(tree.p) == 2000
    assert total(tree.p, "qr_markets").value == 3
    # The partners' figures are the parts by provider of the province's value.
    parts = dict(
        DataValue.objects.filter(
            unit=tree.p, indicator__code="digital_signatures"
        ).values_list("disaggregation", "value")
    )
    assert parts == {
        "": 2000,
        f"partner={org('Viettel').pk}": 1200,
        f"partner={org('VNPT').pk}": 800,
    }
    r = partner_report(tree, "Viettel")
    r = save(viettel, r, digital_signatures="1.000")
    assert total(tree.p).value == 1800 and rolled(tree.p) == 1800
    save(viettel, r, digital_signatures="")  # blank: Viettel has no figure
    assert total(tree.p).value == 800 and rolled(tree.p) == 800
    save(vnpt, partner_report(tree, "VNPT"), digital_signatures="", qr_markets="")
    assert total(tree.p) is None and not rolled(tree.p)
    view = partners.overview(form=form_get(FORM), unit=tree.p, period=Q2)
    names = [c.organisation.short_name for c in view.columns]
    assert {"Viettel", "VNPT", "Agribank"} <= set(names)


def test_a_total_an_officer_gave_is_never_overwritten(
    tree: Tree, viettel: User, province_officer: User
) -> None:
    form = form_get(FORM)
    gathering = services.report_for(form=form, unit=tree.p, period=Q2)
    services.values_store(
        actor=province_officer,
        report=gathering,
        period=Q2,
        values=[
            services.ValueInput(
                Indicator.objects.get(code="digital_signatures"),
                Decimal(5000),
                source=Source.IMPORTED,
                source_file="tong-hop.xlsx",
                source_row=7,
            )
        ],
    )
    save(viettel, partner_report(tree, "Viettel"), digital_signatures="1.200")
    assert total(tree.p).value == 5000 and total(tree.p).source == Source.IMPORTED
    view = partners.overview(form=form, unit=tree.p, period=Q2)
    assert view.totals["digital_signatures"] == (5000, Source.IMPORTED)
    assert view.kept_totals
    assert [c.organisation.short_name for c in view.reported] == ["Viettel"]
    column = next(c for c in view.columns if c.organisation.short_name == "Viettel")
    assert column.values == {"digital_signatures": 1200}
    # Nobody types over the gathered totals on the form itself.
    assert not workflow.can_enter(province_officer, gathering)
    assert not workflow.can_approve(province_officer, gathering)


def test_partners_enter_only_their_own_reports_in_their_units(
    tree: Tree, viettel: User, vnpt: User, commune_a_officer: User
) -> None:
    with pytest.raises(PermissionDenied):
        save(viettel, partner_report(tree, "VNPT"), digital_signatures="1")
    with pytest.raises(PermissionDenied):
        save(viettel, partner_report(tree, "Viettel", tree.p2), digital_signatures="1")
    with pytest.raises(PermissionDenied):  # a commune officer is below the province
        save(commune_a_officer, partner_report(tree, "Viettel"), digital_signatures="1")
    assert not Report.objects.filter(form__code=FORM).exists()
    assert not DataValue.objects.exists()


def test_the_unit_approves_or_returns_a_partner_report(
    tree: Tree, viettel: User, province_officer: User, commune_a_officer: User
) -> None:
    r = save(viettel, partner_report(tree, "Viettel"), True, digital_signatures="900")
    assert r.status == "submitted" and r.submitted_by == viettel
    assert not workflow.can_approve(viettel, r)
    with pytest.raises(PermissionDenied):
        workflow.report_approve(actor=commune_a_officer, report=r, version=r.version)
    r = workflow.report_return(
        actor=province_officer, report=r, version=r.version, reason="Thiếu số quý 2"
    )
    assert r.status == "returned"
    html = client_for(viettel).get("/indicators/partner/").content.decode()
    assert "Tỉnh Thử Nghiệm" in html and "cần sửa" in html
    r = save(viettel, r, True, digital_signatures="950")
    r = workflow.report_approve(actor=province_officer, report=r, version=r.version)
    assert r.status == "approved" and total(tree.p).value == 950
    with pytest.raises(ValidationError, match="không sửa trực tiếp"):
        save(viettel, r, digital_signatures="1")


def test_a_second_save_from_a_stale_page_is_refused(tree: Tree, viettel: User) -> None:
    colleague = reporter("viettel2", tree, "Viettel")
    opened = partner_report(tree, "Viettel")
    save(viettel, opened, digital_signatures="100")
    stale = Report.objects.get(organisation=org("Viettel"))
    with pytest.raises(StaleVersion):
        workflow.report_save(
            actor=colleague,
            report=stale,
            period=Q2,
            version=1,
            raw={"digital_signatures": "200"},
        )
    assert total(tree.p).value == 100


def test_completeness_lists_each_partner_for_each_unit(
    tree: Tree, viettel: User, province_officer: User
) -> None:
    with time_machine.travel("2023-07-05 09:00 +07:00"):
        save(viettel, partner_report(tree, "Viettel"), True, digital_signatures="9")
    rows = completeness(
        actor=province_officer, unit=tree.p, form=form_get(FORM), period=Q2
    )
    by_org = {r.organisation.short_name: r for r in rows}
    assert {r.unit for r in rows} == {tree.p}
    assert len(rows) == len(partners.partners_of(form_get(FORM)))
    assert by_org["Viettel"].report.status == "submitted"
    assert not by_org["Viettel"].late
    assert by_org["VNPT"].report is None
    html = (
        client_for(province_officer)
        .get(
            "/indicators/completeness/",
            {"unit": tree.p.pk, "period": "2023Q2", "form": FORM},
        )
        .content.decode()
    )
    assert "Doanh nghiệp, tổ chức" in html and f"org={org('Viettel').pk}" in html


def test_pages_show_a_partner_only_its_own_figures(
    tree: Tree, viettel: User, vnpt: User, province_officer: User
) -> None:
    save(viettel, partner_report(tree, "Viettel"), digital_signatures="1.200")
    save(vnpt, partner_report(tree, "VNPT"), digital_signatures="800")
    page = client_for(viettel)
    base = {"unit": tree.p.pk, "period": "2023Q2", "form": FORM}
    own = page.get("/indicators/report/", base | {"org": org("Viettel").pk})
    assert own.status_code == 200 and 'value="1.200"' in own.content.decode()
    assert (
        page.get("/indicators/report/", base | {"org": org("VNPT").pk}).status_code
        == 404
    )
    assert page.get("/indicators/report/", base).status_code == 404  # all partners
    assert (
        page.get(
            "/indicators/report/",
            {"unit": tree.a.pk, "period": "202306", "form": "bc-cnscd-xa"},
        ).status_code
        == 404
    )
    assert (  # not one of the form's partners
        page.get(
            "/indicators/report/", base | {"org": org("Hội Phụ nữ").pk}
        ).status_code
        == 404
    )
    signatures = Indicator.objects.get(code="digital_signatures")
    seen = {
        v.disaggregation
        for v in cell_sources(
            actor=viettel, unit=tree.p, indicator=signatures, period=Q2
        )
    }
    assert seen == {"", f"partner={org('Viettel').pk}"}
    overview = (
        client_for(province_officer).get("/indicators/report/", base).content.decode()
    )
    assert "1.200" in overview and "800" in overview and "2.000" in overview
    assert "Chưa báo cáo (" in overview and "Agribank" in overview
    assert "Số tổng do cán bộ nhập" not in overview  # the total is the partners' sum


def test_a_partner_reporter_finds_what_to_report(tree: Tree, viettel: User) -> None:
    with time_machine.travel("2023-07-10 09:00 +07:00"):
        html = client_for(viettel).get("/indicators/partner/").content.decode()
        assert "Tỉnh Thử Nghiệm" in html and "Quý II/2023" in html
        assert f"org={org('Viettel').pk}" in html and "Chưa báo cáo" in html
        menu = client_for(viettel).get("/units/").content.decode()
        assert "Báo cáo của doanh nghiệp" in menu


def test_the_task_list_is_for_partner_reporters(
    tree: Tree, province_officer: User
) -> None:
    assert client_for(province_officer).get("/indicators/partner/").status_code == 404


def test_a_partner_reports_only_for_the_forms_units_and_periods(
    tree: Tree, viettel: User
) -> None:
    save(viettel, partner_report(tree, "Viettel"), digital_signatures="100")
    page = client_for(viettel)
    for unit, period in [(tree.a, "2023Q2"), (tree.p, "2023S1")]:
        answer = page.post(
            f"/indicators/report/?unit={unit.pk}&period={period}&form={FORM}"
            f"&org={org('Viettel').pk}",
            {"action": "save", "version": "1", "v:digital_signatures": "100"},
        )
        assert answer.status_code == 404, (unit, period)
    assert rolled(tree.p) == 100  # counted once
    assert Report.objects.filter(organisation__isnull=False).count() == 1


def test_partner_forms_are_not_imported(tree: Tree, province_officer: User) -> None:
    from cnscd.indicators.imports import import_sheet
    from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet

    with pytest.raises(ValidationError, match="do từng doanh nghiệp"):
        import_sheet(
            actor=province_officer,
            data=sheet(ROWS),
            filename="dn.xlsx",
            period="2023Q2",
            parent=tree.p,
            form=form_get(FORM),
        )


def test_figures_entered_by_provider_before_become_the_providers_reports(
    tree: Tree, province_officer: User
) -> None:
    """Migration 0008 on a database where officers entered providers' parts
    on the unit's own report (as the previous release allowed)."""
    import importlib

    from django.apps import apps

    form = form_get(FORM)
    signatures = Indicator.objects.get(code="digital_signatures")
    markets = Indicator.objects.get(code="qr_markets")
    unit_report = services.report_for(form=form, unit=tree.p, period=Q2)
    services.values_store(
        actor=province_officer,
        report=unit_report,
        period=Q2,
        values=[
            services.ValueInput(signatures, Decimal(2000)),
            services.ValueInput(
                signatures, Decimal(1200), f"partner={org('Viettel').pk}"
            ),
            services.ValueInput(signatures, Decimal(800), f"partner={org('VNPT').pk}"),
            services.ValueInput(markets, Decimal(20)),  # more than its one part
            services.ValueInput(markets, Decimal(16), f"partner={org('Viettel').pk}"),
        ],
        status="submitted",
    )
    importlib.import_module("cnscd.indicators.migrations.0008_partner_reports").seed(
        apps, None
    )
    viettel = Report.objects.get(organisation=org("Viettel"))
    assert viettel.status == "submitted" and workflow.current_values(viettel) == {
        "digital_signatures": 1200,
        "qr_markets": 16,
    }
    assert Report.objects.get(organisation=org("VNPT")).status == "submitted"
    unit_report.refresh_from_db()
    assert unit_report.status == "draft"
    assert total(tree.p).source == Source.COMPUTED  # 2000 = 1200 + 800
    assert total(tree.p, "qr_markets").source == Source.ENTERED  # the officer's own
    assert workflow.can_approve(province_officer, viettel)
