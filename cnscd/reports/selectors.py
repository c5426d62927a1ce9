"""Everything a periodic report states, read once and scoped to the actor.

The appendix is the pivot of the form for the unit's children; the narrative
reads its figures from that same pivot, so a figure in the text always equals
the one in the appendix and on the pivot page.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cnscd.core.params import id_or_404
from cnscd.core.periods import Period
from cnscd.core.roles import NON_PARTNER_ROLES
from cnscd.core.system import Actor
from cnscd.core.text import lower_first
from cnscd.evaluation.progress import Progress, target_progress, targets_visible_to
from cnscd.evaluation.selectors import EvaluationTable, evaluation_table
from cnscd.indicators import quality
from cnscd.indicators.completeness import CompletenessRow, completeness
from cnscd.indicators.models import Indicator
from cnscd.indicators.selectors import (
    Pivot,
    form_for_level,
    pivot,
    structure_day,
    values_for_units,
)
from cnscd.reports.models import GeneratedReport, ReportDocument, ReportTemplate
from cnscd.teams.coverage import Coverage, unit_coverage
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit, ancestor_paths
from cnscd.units.selectors import child_level, scope_q


@dataclass
class Figure:
    """One indicator for the unit in the period, the period before and its target."""

    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None
    target: Decimal | None = None


@dataclass
class ReportContent:
    document: ReportDocument
    unit: AdministrativeUnit
    period: Period
    day: dt.date
    appendix: Pivot | None
    coverage: Coverage
    figures: list[Figure]
    child_level: str | None
    evaluation: EvaluationTable | None
    findings: list[quality.Finding]
    completeness: list[CompletenessRow]
    behind: list[Progress] = field(default_factory=list)


def documents_visible_to(actor: Actor) -> QuerySet[ReportDocument]:
    return ReportDocument.objects.filter(
        scope_q(actor, "unit__path", roles=NON_PARTNER_ROLES)
    )


def document_for(
    *, actor: Actor, unit: AdministrativeUnit, period: Period
) -> ReportDocument:
    """The stored document, or an unsaved one with the usual defaults."""
    found = documents_visible_to(actor).filter(unit=unit, period=period.code).first()
    return found or default_document(unit, period)


def default_document(unit: AdministrativeUnit, period: Period) -> ReportDocument:
    if unit.level == Level.COUNTRY:
        return _national_document(unit, period)
    where = lower_first(unit.name)
    parent = unit.parent
    recipients = [
        f"Ủy ban nhân dân {lower_first(parent.name)} (b/c)"
        if parent and parent.level != Level.COUNTRY
        else "Bộ Khoa học và Công nghệ (b/c)",  # a province reports to the ministry
        f"Ủy ban nhân dân {where} (b/c)",
        "Thành viên Tổ chỉ đạo",
        "Lưu: VT",
    ]
    return ReportDocument(
        unit=unit,
        period=period.code,
        agency_parent=f"UBND {where}",
        agency=f"Tổ chỉ đạo triển khai công nghệ số cộng đồng {where}",
        issuer_code="TCĐCNSCĐ",
        place=unit.short_name,
        title=(
            f"Kết quả triển khai Tổ Công nghệ số cộng đồng {lower_first(period.label)}"
        ),
        recipients="\n".join(recipients),
        signer_role="TỔ TRƯỞNG",
    )


def _national_document(unit: AdministrativeUnit, period: Period) -> ReportDocument:
    """The whole country's report is issued by the ministry in charge."""
    return ReportDocument(
        unit=unit,
        period=period.code,
        agency_parent="",
        agency="Bộ Khoa học và Công nghệ",
        issuer_code="BKHCN",
        place="Hà Nội",
        title=(
            "Kết quả triển khai Tổ Công nghệ số cộng đồng trên toàn quốc "
            f"{lower_first(period.label)}"
        ),
        recipients="\n".join(
            [
                "Thủ tướng Chính phủ (b/c)",
                "Ủy ban Quốc gia về chuyển đổi số (b/c)",
                "UBND các tỉnh, thành phố trực thuộc trung ương",
                "Lưu: VT, CĐSQG",
            ]
        ),
        signer_role="BỘ TRƯỞNG",
    )


def template_for(unit: AdministrativeUnit) -> ReportTemplate | None:
    """The unit's own template, or the nearest one above it."""
    return (
        ReportTemplate.objects.filter(unit__path__in=ancestor_paths(unit.path))
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


def files_visible_to(actor: Actor) -> QuerySet[GeneratedReport]:
    return GeneratedReport.objects.filter(
        scope_q(actor, "document__unit__path", roles=NON_PARTNER_ROLES)
    ).select_related("document", "document__unit", "requested_by")


def file_get_for(*, actor: Actor, pk: Any) -> GeneratedReport:
    found = files_visible_to(actor).filter(pk=id_or_404(pk)).first()
    if found is None:
        raise Http404
    return found


def report_content(
    *,
    actor: Actor,
    unit: AdministrativeUnit,
    period: Period,
    document: ReportDocument | None = None,
) -> ReportContent:
    document = document or document_for(actor=actor, unit=unit, period=period)
    day = structure_day(unit, period)
    level = child_level(unit)
    form = form_for_level(level) if level else None
    appendix = previous = None
    if form is not None:
        appendix = pivot(actor=actor, unit=unit, period=period, form=form)
        previous = pivot(actor=actor, unit=unit, period=period.previous(), form=form)
    figures = _figures(actor, unit, period, appendix, previous)
    evaluation = None
    if level:
        try:
            evaluation = evaluation_table(
                actor=actor, unit=unit, period=period, with_previous=False
            )
        except Http404:  # no criteria set applies to the period
            evaluation = None
    return ReportContent(
        document=document,
        unit=unit,
        period=period,
        day=day,
        appendix=appendix,
        coverage=unit_coverage(actor=actor, unit=unit, day=day),
        figures=figures,
        child_level=level,
        evaluation=evaluation,
        findings=_findings(appendix),
        completeness=(
            completeness(actor=actor, unit=unit, form=form, period=period)
            if form and not form.from_activities  # nobody sends that one
            else []
        ),
        behind=_behind(actor, unit, period),
    )


def _figures(
    actor: Actor,
    unit: AdministrativeUnit,
    period: Period,
    appendix: Pivot | None,
    previous: Pivot | None,
) -> list[Figure]:
    """Every catalogue indicator with a value for the unit, or a target: the
    unit's own figure, read like every other surface (ADR 0013). The
    appendix's total row is its children's sum, which differs where the unit
    reported a figure of its own."""
    indicators = list(Indicator.objects.order_by("pillar", "code"))
    values = values_for_units([unit], indicators, period)
    before = values_for_units([unit], indicators, period.previous())
    targets = dict(
        targets_visible_to(actor)
        .filter(unit=unit, period=period.code)
        .values_list("indicator_id", "value")
    )
    out = []
    for ind in indicators:
        value, prev = values[(unit.pk, ind.pk)], before[(unit.pk, ind.pk)]
        if value is None and ind.pk not in targets:
            continue
        out.append(Figure(ind, value, prev, targets.get(ind.pk)))
    return out


def _findings(appendix: Pivot | None) -> list[quality.Finding]:
    """The data-quality checks of an import, run on the appendix's rows."""
    if appendix is None:
        return []
    rows = [
        quality.ValueRow(None, r.unit.short_name, r.unit.code, r.values)
        for r in appendix.rows
    ]
    own_figures = [
        quality.Finding("own_figure_counts", "warning", message)
        for message in appendix.findings
    ]
    return own_figures + quality.check_siblings(
        rows, quality.rules_among(appendix.columns), appendix.columns
    )


def _behind(actor: Actor, unit: AdministrativeUnit, period: Period) -> list[Progress]:
    """Children short of their target (pro-rated to today while the period is
    under way), the furthest behind first, then those with a target and no
    figure yet: a blank is listed as such, never as the most behind."""
    return [
        p
        for p in target_progress(actor=actor, unit=unit, period=period)
        if p.unit.pk != unit.pk
        and p.target is not None
        and (p.behind or p.achieved is None)
    ]
