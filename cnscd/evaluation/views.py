"""Evaluation pages: ranking of child units, one unit's score sheet, criteria
sets (list, export, import) and targets with progress (thin views)."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cnscd.core import uploads
from cnscd.core.downloads import attachment
from cnscd.core.http import actor_of, errors_as_messages, scoped_login_required
from cnscd.core.numbers import NumberError, parse_vn_number
from cnscd.core.params import parse_period_param, parse_text_param
from cnscd.core.periods import Period, parse_period
from cnscd.core.roles import NON_PARTNER_ROLES, Role
from cnscd.core.spreadsheets import MAX_UPLOAD_BYTES
from cnscd.core.system import Actor
from cnscd.evaluation import progress, selectors, services
from cnscd.evaluation import targets as target_writes
from cnscd.evaluation.choices import Subject, TargetMethod
from cnscd.evaluation.criteria_io import criteria_export, criteria_import
from cnscd.evaluation.models import CriteriaSet, CriterionScore, Evaluation
from cnscd.indicators.models import Indicator
from cnscd.indicators.selectors import structure_day
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import (
    can_manage,
    unit_children,
    unit_get_for,
    units_visible_to,
)

CRITERIA_PURPOSE = "criteria_import"


def _unit(request: HttpRequest) -> AdministrativeUnit:
    return unit_get_for(
        actor=actor_of(request), pk=request.GET.get("unit"), roles=NON_PARTNER_ROLES
    )


def _period(request: HttpRequest, unit: AdministrativeUnit | None = None) -> Period:
    """The `period` parameter; blank, today's half-year (the last one of a
    unit whose structure has ended)."""
    return parse_period_param(
        request.GET.get("period", ""), until=unit.valid_until if unit else None
    )


def _criteria_set(request: HttpRequest, period: Period, subject: str) -> CriteriaSet:
    """The set asked for (`set`), or the one in force for the subject."""
    raw = parse_text_param(request, "set")
    if raw:
        return selectors.criteria_set_get(raw)
    try:
        return selectors.criteria_set_for(period, subject=subject)
    except Http404:
        raise BadRequest("Chưa có bộ tiêu chí áp dụng cho kỳ này.") from None


def _number(raw: str, label: str, maximum: Decimal | None = None) -> Decimal | None:
    try:
        return parse_vn_number(raw, integer=False, maximum=maximum)
    except NumberError as exc:
        raise ValidationError(f"{label}: {exc}") from exc


def _query(unit: AdministrativeUnit, period: Period, cset: CriteriaSet) -> str:
    return f"?unit={unit.pk}&period={period.code}&set={cset.pk}"


@scoped_login_required
def ranking(request: HttpRequest) -> HttpResponse:
    """The unit's children scored, classified and ranked, with the change
    since the previous period and, for a year, the recognition shortlist."""
    unit = _unit(request)
    period = _period(request, unit)
    cset = _criteria_set(request, period, selectors.subject_below(unit))
    table = selectors.evaluation_table(
        actor=actor_of(request), unit=unit, period=period, cset=cset
    )
    return render(
        request,
        "evaluation/ranking.html",
        {
            "unit": unit,
            "period": period,
            "cset": cset,
            "sets": selectors.criteria_sets().filter(subject=cset.subject),
            "table": table,
            "shortlist": selectors.shortlist(table) if period.kind == "yearly" else [],
            "query": _query(unit, period, cset),
        },
    )


def _sheet_entries(request: HttpRequest, evaluation: Evaluation) -> list[Any]:
    entries = []
    for score in evaluation.scores.all():
        key = str(score.criterion_id)
        upload: UploadedFile[bytes] | None = request.FILES.get(f"file:{key}")
        entries.append(
            services.SelfEntry(
                criterion_id=score.criterion_id,
                points=_number(
                    request.POST.get(f"points:{key}", ""), f"Tiêu chí {score.number}"
                ),
                note=request.POST.get(f"note:{key}", ""),
                link=request.POST.get(f"link:{key}", ""),
                file=(upload.read(services.EVIDENCE_MAX_BYTES + 1), upload.name or "")
                if upload
                else None,
            )
        )
    return entries


def _review_entries(request: HttpRequest, evaluation: Evaluation) -> list[Any]:
    return [
        services.ReviewEntry(
            criterion_id=s.criterion_id,
            points=_number(
                request.POST.get(f"review:{s.criterion_id}", ""),
                f"Tiêu chí {s.number}",
            ),
            note=request.POST.get(f"review_note:{s.criterion_id}", ""),
        )
        for s in evaluation.scores.all()
        if f"review:{s.criterion_id}" in request.POST
    ]


@scoped_login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest) -> HttpResponse:
    """One unit's score sheet: open it, self-assess with evidence, review,
    return or approve."""
    unit = _unit(request)
    period = _period(request, unit)
    cset = _criteria_set(
        request,
        period,
        Subject.TEAM if unit.level == Level.VILLAGE else Subject.UNIT,
    )
    band_set = selectors.band_set_default(cset.subject)
    evaluation = Evaluation.objects.filter(
        criteria_set=cset, unit=unit, period=period.code
    ).first()
    if request.method == "POST":
        action = request.POST.get("action", "")
        with errors_as_messages(request):
            if action == "open":
                services.evaluation_open(
                    actor=actor_of(request),
                    unit=unit,
                    period=period,
                    cset=cset,
                    band_set=band_set,
                )
                messages.success(request, "Đã mở phiếu chấm với điểm tính từ số liệu.")
            else:
                if evaluation is None:
                    raise BadRequest("Phiếu chấm chưa được mở.")
                version_text = request.POST.get("version", "").strip()
                if not version_text.isdigit():
                    raise BadRequest("Thiếu phiên bản của phiếu; hãy tải lại trang.")
                version = int(version_text)
                _act(request, action, evaluation, version, band_set)
        return redirect(request.path + _query(unit, period, cset))
    can_review = services.can_assign(actor_of(request), unit)
    can_fill = services.can_fill(actor_of(request), unit)
    if evaluation is None:
        preview = selectors.score_units(
            actor=actor_of(request),
            units=[unit],
            period=period,
            cset=cset,
            band_set=band_set,
        )[0]
    else:
        preview = None
    return render(
        request,
        "evaluation/sheet.html",
        {
            "unit": unit,
            "period": period,
            "cset": cset,
            "evaluation": evaluation,
            "scores": evaluation.scores.select_related("criterion")
            if evaluation
            else [],
            "preview": preview,
            "can_fill": can_fill
            and evaluation is not None
            and evaluation.status in {"draft", "self_assessed"},
            "can_review": can_review,
            "can_open": can_fill or can_review,
            "parent_visible": unit.parent_id is not None
            and units_visible_to(actor_of(request)).filter(pk=unit.parent_id).exists(),
            "query": _query(unit, period, cset),
        },
    )


def _act(
    request: HttpRequest,
    action: str,
    evaluation: Evaluation,
    version: int,
    band_set: Any,
) -> None:
    user = actor_of(request)
    if action in ("save", "submit"):
        services.evaluation_self_assess(
            actor=user,
            evaluation=evaluation,
            version=version,
            entries=_sheet_entries(request, evaluation),
            band_set=band_set,
            submit=action == "submit",
        )
        messages.success(
            request,
            "Đã gửi tự đánh giá lên cấp trên."
            if action == "submit"
            else "Đã lưu tự đánh giá.",
        )
    elif action == "review":
        services.evaluation_review(
            actor=user,
            evaluation=evaluation,
            version=version,
            entries=_review_entries(request, evaluation),
            band_set=band_set,
        )
        messages.success(request, "Đã thẩm định phiếu.")
    elif action == "return":
        services.evaluation_return(
            actor=user,
            evaluation=evaluation,
            version=version,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, "Đã trả lại phiếu cho đơn vị.")
    elif action == "approve":
        services.evaluation_approve(actor=user, evaluation=evaluation, version=version)
        messages.success(request, "Đã phê duyệt; điểm được giữ nguyên từ nay.")
    else:
        raise BadRequest("Thao tác không hợp lệ.")


@scoped_login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded evidence file, to those who may see the unit's sheet."""
    score = CriterionScore.objects.filter(pk=pk).select_related("evaluation").first()
    if score is None:
        raise Http404
    selectors.evaluation_get_for(actor=actor_of(request), pk=score.evaluation_id)
    path = services.evidence_path(score)
    if path is None or not path.exists():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="application/octet-stream")
    return attachment(response, score.evidence_name or "tai-lieu")


def _can_import_sets(user: Actor) -> bool:
    """Criteria sets apply everywhere: operators, national and province officers
    load them."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(
        user.assignments.filter(
            role__in=(Role.NATIONAL_OFFICER, Role.PROVINCE_OFFICER)
        ).exists()
    )


@scoped_login_required
def set_list(request: HttpRequest) -> HttpResponse:
    sets = list(selectors.criteria_sets())
    raw = parse_text_param(request, "set")
    chosen = selectors.criteria_set_get(raw) if raw else None
    return render(
        request,
        "evaluation/sets.html",
        {
            "sets": sets,
            "chosen": chosen,
            "criteria": selectors.criteria_of(chosen) if chosen else [],
            "can_import": _can_import_sets(actor_of(request)),
        },
    )


@scoped_login_required
def set_export(request: HttpRequest, pk: int) -> HttpResponse:
    cset = selectors.criteria_set_get(pk)
    response = HttpResponse(
        criteria_export(cset),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return attachment(response, f"bo-tieu-chi-{cset.code}-v{cset.version}.xlsx")


@scoped_login_required
@require_http_methods(["GET", "POST"])
def set_import(request: HttpRequest) -> HttpResponse:
    """Upload a scoring table → problems by row, or a preview → store."""
    if not _can_import_sets(actor_of(request)):
        raise Http404
    context: dict[str, Any] = {"result": None, "token": ""}
    if request.method == "POST":
        try:
            data, filename, token = uploads.received(
                request, CRITERIA_PURPOSE, MAX_UPLOAD_BYTES
            )
        except uploads.UploadMissing as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
        store = request.POST.get("store") == "1"
        result = criteria_import(
            actor=actor_of(request), data=data, filename=filename, dry_run=not store
        )
        if result.stored is not None:
            uploads.discard(request.session, CRITERIA_PURPOSE)
            messages.success(request, f"Đã lưu {result.stored}.")
            return redirect(f"/evaluation/sets/?set={result.stored.pk}")
        if result.ok:
            token = token or uploads.keep(
                request.session, CRITERIA_PURPOSE, data, filename
            )
        else:  # refused: the corrected file is uploaded anew
            uploads.discard(request.session, CRITERIA_PURPOSE)
            token = ""
        context.update({"result": result, "token": token})
    return render(request, "evaluation/set_import.html", context)


@scoped_login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """Targets of the unit's children for a period: progress, the units most
    behind, and (for the unit's officers) assignment by hand or by a rule.
    With `?partial=1` only the progress table (embedded on other pages)."""
    unit = _unit(request)
    period = (
        _period(request)
        if parse_text_param(request, "period")
        else parse_period(
            progress.latest_target_period(actor=actor_of(request), unit=unit)
        )
    )
    indicator = Indicator.objects.filter(
        code=parse_text_param(request, "indicator")
    ).first()
    if request.method == "POST":
        _targets_post(request, unit, period)
        return redirect(
            f"{request.path}?unit={unit.pk}&period={period.code}"
            + (f"&indicator={indicator.code}" if indicator else "")
        )
    rows = progress.target_progress(
        actor=actor_of(request),
        unit=unit,
        period=period,
        indicators=[indicator] if indicator else None,
    )
    template = (
        "evaluation/_progress.html"
        if request.GET.get("partial")
        else "evaluation/targets.html"
    )
    return render(
        request,
        template,
        {
            "unit": unit,
            "period": period,
            "indicator": indicator,
            "indicators": Indicator.objects.order_by("name"),
            "rows": rows,
            "methods": [m for m in TargetMethod if m != TargetMethod.MANUAL],
            "can_assign": can_manage(actor_of(request), unit),
            "children": unit_children(
                actor=actor_of(request), unit=unit, as_of=structure_day(unit, period)
            ),
            "behind": [r for r in rows if r.unit != unit and r.behind][:5],
            "unreported": [
                r
                for r in rows
                if r.unit != unit and r.target is not None and r.achieved is None
            ],
            "partial": bool(request.GET.get("partial")),
        },
    )


def _targets_post(
    request: HttpRequest, unit: AdministrativeUnit, period: Period
) -> None:
    indicator = Indicator.objects.filter(code=request.POST.get("indicator", "")).first()
    if indicator is None:
        messages.error(request, "Hãy chọn chỉ tiêu.")
        return
    with errors_as_messages(request):
        if request.POST.get("action") == "distribute":
            total = _number(
                request.POST.get("total", ""), "Tổng chỉ tiêu", indicator.maximum
            )
            if total is None:
                raise ValidationError("Nhập tổng chỉ tiêu cần giao.")
            result = target_writes.targets_distribute(
                actor=actor_of(request),
                parent=unit,
                indicator=indicator,
                period=period,
                total=total,
                method=request.POST.get("method", ""),
            )
            kept = sum(1 for *_, k in result.shares if k)
            messages.success(
                request,
                f"Đã giao chỉ tiêu cho {len(result.shares)} đơn vị"
                + (f" (giữ nguyên {kept} chỉ tiêu đã sửa tay)." if kept else "."),
            )
        else:
            child = unit_get_for(
                actor=actor_of(request),
                pk=request.POST.get("child"),
                roles=NON_PARTNER_ROLES,
            )
            value = _number(
                request.POST.get("value", ""), "Chỉ tiêu", indicator.maximum
            )
            if value is None:
                raise ValidationError("Nhập chỉ tiêu.")
            version = request.POST.get("version", "").strip()
            target_writes.target_set(
                actor=actor_of(request),
                unit=child,
                indicator=indicator,
                period=period,
                value=value,
                version=int(version) if version.isdigit() else None,
            )
            messages.success(request, f"Đã giao chỉ tiêu cho {child.name}.")
