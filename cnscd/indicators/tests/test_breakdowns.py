"""Values entered with their parts ("trong đó"): by sex, by target group, by
partner. Parts are kept, never counted twice, never above their total."""

import pytest
from django.core.exceptions import ValidationError

from cnscd.accounts.models import Organisation
from cnscd.indicators import workflow
from cnscd.indicators.breakdowns import breakdowns_for
from cnscd.indicators.models import DataValue, Indicator, Rollup
from cnscd.indicators.rollups import rebuild
from cnscd.indicators.selectors import form_get
from cnscd.indicators.tests.test_workflow import VALUES, P, draft
from conftest import Tree, client_for

pytestmark = pytest.mark.django_db


def stored(tree: Tree) -> dict[str, int]:
    return {
        v.disaggregation or "": int(v.value)
        for v in DataValue.objects.filter(
            unit=tree.a, indicator__code="citizens_guided"
        )
    }


def test_parts_are_kept_beside_the_total_and_only_the_total_rolls_up(
    tree: Tree, commune_a_officer
) -> None:
    raw = {
        **VALUES,
        "citizens_guided": "1.200",
        "citizens_guided|sex=Nam": "500",
        "citizens_guided|sex=Nữ": "700",
        "citizens_guided|target_group=Người cao tuổi": "300",
    }
    workflow.report_save(
        actor=commune_a_officer, report=draft(tree), period=P, version=1, raw=raw
    )
    assert stored(tree) == {
        "": 1200,
        "sex=Nam": 500,
        "sex=Nữ": 700,
        "target_group=Người cao tuổi": 300,
    }
    rollup = Rollup.objects.get(
        unit=tree.p, indicator__code="citizens_guided", container=False
    )
    assert (rollup.total, rollup.count) == (1200, 1)
    assert rebuild(fix=False).clean
    report = draft(tree)
    assert workflow.current_values(report)["citizens_guided|sex=Nữ"] == 700
    # Clearing a part removes it; the total and the roll-up stay.
    workflow.report_save(
        actor=commune_a_officer,
        report=report,
        period=P,
        version=report.version,
        raw={**raw, "citizens_guided|sex=Nữ": ""},
    )
    assert "sex=Nữ" not in stored(tree)
    rollup.refresh_from_db()
    assert rollup.total == 1200 and rebuild(fix=False).clean


def test_parts_above_the_total_are_refused_and_parts_alone_make_the_total(
    tree: Tree, commune_a_officer
) -> None:
    with pytest.raises(ValidationError) as refused:
        workflow.report_save(
            actor=commune_a_officer,
            report=draft(tree),
            period=P,
            version=1,
            raw={
                **VALUES,
                "citizens_guided": "1.000",
                "citizens_guided|sex=Nam": "600",
                "citizens_guided|sex=Nữ": "500",
            },
        )
    assert refused.value.message_dict == {
        "citizens_guided|sex=Nam": [
            "Theo giới tính: cộng các phần được 1.100, vượt tổng 1.000."
        ]
    }
    assert not DataValue.objects.exists()
    workflow.report_save(
        actor=commune_a_officer,
        report=draft(tree),
        period=P,
        version=1,
        raw={
            **VALUES,
            "citizens_guided": "",
            "citizens_guided|sex=Nam": "600",
            "citizens_guided|sex=Nữ": "500",
            "citizens_guided|target_group=Tiểu thương": "80",
        },
    )
    assert stored(tree)[""] == 1100


def test_partner_parts_are_the_form_partners_or_the_usual_providers(db: None) -> None:
    form = form_get("bc-doanh-nghiep")
    signatures = Indicator.objects.get(code="digital_signatures")
    by = {b.dimension: b for b in breakdowns_for(signatures, form)}
    assert set(by) == {"partner", "target_group"}
    labels = [p.label for p in by["partner"].parts]
    assert {"VNPT", "Viettel", "MobiFone", "Bưu điện", "Agribank"} <= set(labels)
    assert "Hội Phụ nữ" not in labels  # not a provider
    vnpt = Organisation.objects.get(short_name="VNPT")
    form.target_organisations.add(vnpt)
    only = breakdowns_for(signatures, form)[0]
    assert [(p.key, p.label) for p in only.parts] == [(f"partner={vnpt.pk}", "VNPT")]


def test_report_page_offers_the_parts(tree: Tree, commune_a_officer) -> None:
    html = (
        client_for(commune_a_officer)
        .get(
            "/indicators/report/",
            {"unit": tree.a.pk, "period": "202306", "form": "bc-cnscd-xa"},
        )
        .content.decode()
    )
    assert "Trong đó — theo giới tính" in html
    assert 'name="v:citizens_guided|sex=Nữ"' in html
    assert 'name="v:citizens_guided|target_group=Người cao tuổi"' in html
