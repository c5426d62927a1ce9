"""Writes for evaluation: targets (by hand or by a distribution rule) and the
score sheet's closed loop — computed, self-assessed by the unit, reviewed and
approved by the level above, frozen on approval."""

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cnscd.core import audit
from cnscd.core.concurrency import update_versioned
from cnscd.core.documents import check_document
from cnscd.core.formatting import format_number
from cnscd.core.periods import Period, parse_period
from cnscd.core.roles import Role
from cnscd.core.system import Actor, user_row
from cnscd.core.uploads import removed_on_error, upload_name, write_private
from cnscd.evaluation.choices import EvaluationStatus, Method
from cnscd.evaluation.models import (
    BandSet,
    CriteriaSet,
    CriterionScore,
    Evaluation,
)
from cnscd.evaluation.selectors import criteria_of, score_units
from cnscd.teams.selectors import assigned_at
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage

EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def can_assign(actor: Actor, unit: AdministrativeUnit) -> bool:
    """Targets of a unit are set by the level above (operators for a province)."""
    if unit.parent is None:
        return bool(getattr(actor, "is_superuser", False))
    return can_manage(actor, unit.parent)


# --- score sheets --------------------------------------------------------------------


def can_fill(actor: Actor, unit: AdministrativeUnit) -> bool:
    """Who self-assesses a unit's sheet: its own officers, and for a village
    its team's leader; whoever reviews it (the level above) does not also fill
    it in."""
    return (
        can_manage(actor, unit) or assigned_at(actor, unit, Role.TEAM_LEADER)
    ) and not can_assign(actor, unit)


def can_self_assess(actor: Actor, evaluation: Evaluation) -> bool:
    return can_fill(actor, evaluation.unit)


def can_review(actor: Actor, evaluation: Evaluation) -> bool:
    """The level above reviews and approves (operators for a province)."""
    return can_assign(actor, evaluation.unit)


@transaction.atomic
def evaluation_open(
    *,
    actor: Actor,
    unit: AdministrativeUnit,
    period: Period,
    cset: CriteriaSet,
    band_set: BandSet | None,
) -> Evaluation:
    """The unit's sheet for the period under `cset`, created with the points
    computed from the data, or brought up to date while still open."""
    if not (can_fill(actor, unit) or can_assign(actor, unit)):
        raise PermissionDenied("Bạn không chấm điểm được đơn vị này.")
    evaluation, created = Evaluation.objects.get_or_create(
        criteria_set=cset, unit=unit, period=period.code
    )
    if evaluation.frozen:
        return evaluation
    _recompute(actor, evaluation, period, band_set)
    if created:
        audit.record(
            actor=actor,
            action="evaluation.open",
            obj=evaluation,
            unit_path=unit.path,
            after={
                "criteria_set": cset.code,
                "version": cset.version,
                "period": period.code,
            },
        )
    return evaluation


def _recompute(
    actor: Actor, evaluation: Evaluation, period: Period, band_set: BandSet | None
) -> None:
    """Refresh computed points and the total of an open sheet."""
    criteria = criteria_of(evaluation.criteria_set)
    saved = {s.criterion_id: s for s in evaluation.scores.all()}
    [result] = score_units(
        actor=actor,
        units=[evaluation.unit],
        period=period,
        cset=evaluation.criteria_set,
        band_set=band_set,
    )
    for criterion, res in zip(criteria, result.criteria, strict=True):
        row = saved.get(criterion.pk) or CriterionScore(
            evaluation=evaluation, criterion=criterion
        )
        row.number, row.name = criterion.number, criterion.name
        row.max_points, row.rule_text = criterion.max_points, criterion.rule_text
        row.computed = None if criterion.method == Method.MANUAL else res.points
        row.points = res.points or Decimal(0)
        row.inputs, row.explanation = res.inputs, res.explanation
        row.save()
    Evaluation.objects.filter(pk=evaluation.pk).update(
        total=result.score, band=result.band or ""
    )
    evaluation.refresh_from_db()


@dataclass
class SelfEntry:
    criterion_id: int
    points: Decimal | None
    note: str = ""
    link: str = ""
    file: tuple[bytes, str] | None = None  # bytes, original name


def _checked_evidence_name(data: bytes, name: str) -> str:
    """The evidence's file name as recorded, once the file is known to be an
    accepted kind of document, sound, not empty and at most 10 MB."""
    name = upload_name(name)
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            f"Tài liệu kiểm chứng “{name[:60]}”: chỉ nhận tệp PDF, ảnh JPG/PNG, Word "
            "hoặc Excel."
        )
    if len(data) > EVIDENCE_MAX_BYTES:
        raise ValidationError("Tài liệu kiểm chứng lớn hơn 10 MB.")
    try:
        check_document(data, suffix)
    except ValidationError as exc:
        raise ValidationError(
            f"Tài liệu kiểm chứng “{name[:60]}”: {exc.messages[0]}"
        ) from exc
    return name


def _store_evidence(row: CriterionScore, data: bytes, name: str) -> Path:
    """Write the file (0600) and point `row` at it; the path written."""
    folder = Path(settings.MEDIA_ROOT) / "evidence"
    token = write_private(folder, data)
    row.evidence_token, row.evidence_name = token, name
    row.evidence_sha256 = hashlib.sha256(data).hexdigest()
    return folder / token


def evidence_path(row: CriterionScore) -> Path | None:
    if not row.evidence_token:
        return None
    return Path(settings.MEDIA_ROOT) / "evidence" / row.evidence_token


def _entry_rows(
    evaluation: Evaluation, entries: list[Any]
) -> list[tuple[Any, CriterionScore]]:
    """Each entry with the sheet's row for its criterion; a criterion of another
    sheet, or points outside 0…maximum, are refused before anything is written."""
    rows = {s.criterion_id: s for s in evaluation.scores.select_related("criterion")}
    out = []
    for entry in entries:
        row = rows.get(entry.criterion_id)
        if row is None:
            raise ValidationError("Tiêu chí không thuộc phiếu này.")
        if entry.points is not None and not (0 <= entry.points <= row.max_points):
            raise ValidationError(
                f"Tiêu chí {row.number}: điểm phải từ 0 đến "
                f"{format_number(row.max_points)}."
            )
        out.append((entry, row))
    return out


@transaction.atomic
def evaluation_self_assess(
    *,
    actor: Actor,
    evaluation: Evaluation,
    version: int,
    entries: list[SelfEntry],
    band_set: BandSet | None,
    submit: bool = False,
) -> Evaluation:
    """The unit gives points for manual criteria with evidence and may explain
    any criterion; `submit` sends the sheet to the level above."""
    if not can_self_assess(actor, evaluation):
        raise PermissionDenied("Chỉ cán bộ của đơn vị mới tự đánh giá được.")
    if evaluation.status not in {
        EvaluationStatus.DRAFT,
        EvaluationStatus.SELF_ASSESSED,
    }:
        raise ValidationError("Phiếu đã được cấp trên thẩm định, không sửa được.")
    update_versioned(evaluation, version)
    rows = _entry_rows(evaluation, entries)
    names = {  # every file checked before any is written
        entry.criterion_id: _checked_evidence_name(*entry.file)
        for entry, _ in rows
        if entry.file is not None
    }
    with removed_on_error() as written:
        for entry, row in rows:
            if row.criterion.method == Method.MANUAL:
                row.self_points = entry.points
            row.self_note = entry.note.strip()[:2000]
            row.evidence_link = entry.link.strip()[:500] or row.evidence_link
            if entry.file is not None:
                written.append(
                    _store_evidence(row, entry.file[0], names[entry.criterion_id])
                )
            row.save()
        _recompute(actor, evaluation, parse_period(evaluation.period), band_set)
        if submit:
            Evaluation.objects.filter(pk=evaluation.pk).update(
                status=EvaluationStatus.SELF_ASSESSED,
                self_assessed_by=user_row(actor),
                self_assessed_at=timezone.now(),
            )
            evaluation.refresh_from_db()
        audit.record(
            actor=actor,
            action="evaluation.self_assess",
            obj=evaluation,
            unit_path=evaluation.unit.path,
            after={"total": str(evaluation.total), "submitted": submit},
        )
    return evaluation


@dataclass
class ReviewEntry:
    criterion_id: int
    points: Decimal | None  # None: accept the unit's / computed points
    note: str = ""


@transaction.atomic
def evaluation_review(
    *,
    actor: Actor,
    evaluation: Evaluation,
    version: int,
    entries: list[ReviewEntry],
    band_set: BandSet | None,
) -> Evaluation:
    """The level above confirms or changes points (a change needs a note)."""
    if not can_review(actor, evaluation):
        raise PermissionDenied("Chỉ cán bộ cấp trên mới thẩm định được phiếu này.")
    if evaluation.status != EvaluationStatus.SELF_ASSESSED:
        raise ValidationError("Phiếu chưa được đơn vị gửi tự đánh giá.")
    update_versioned(evaluation, version)
    for entry, row in _entry_rows(evaluation, entries):
        if entry.points is not None and not entry.note.strip():
            raise ValidationError(f"Tiêu chí {row.number}: ghi lý do khi sửa điểm.")
        row.review_points, row.review_note = entry.points, entry.note.strip()[:2000]
        row.save()
    _recompute(actor, evaluation, parse_period(evaluation.period), band_set)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        status=EvaluationStatus.REVIEWED,
        reviewed_by=user_row(actor),
        reviewed_at=timezone.now(),
    )
    evaluation.refresh_from_db()
    audit.record(
        actor=actor,
        action="evaluation.review",
        obj=evaluation,
        unit_path=evaluation.unit.path,
        after={"total": str(evaluation.total)},
    )
    return evaluation


@transaction.atomic
def evaluation_return(
    *, actor: Actor, evaluation: Evaluation, version: int, reason: str
) -> Evaluation:
    """Send the sheet back to the unit with a reason (closed loop)."""
    if not can_review(actor, evaluation):
        raise PermissionDenied("Chỉ cán bộ cấp trên mới trả lại được phiếu này.")
    if evaluation.status not in {
        EvaluationStatus.SELF_ASSESSED,
        EvaluationStatus.REVIEWED,
    }:
        raise ValidationError("Phiếu không ở trạng thái trả lại được.")
    if not reason.strip():
        raise ValidationError("Ghi lý do trả lại để đơn vị biết cần sửa gì.")
    update_versioned(evaluation, version, status=EvaluationStatus.DRAFT)
    audit.record(
        actor=actor,
        action="evaluation.return",
        obj=evaluation,
        unit_path=evaluation.unit.path,
        after={"reason": reason.strip()[:2000]},
    )
    return evaluation


@transaction.atomic
def evaluation_approve(
    *, actor: Actor, evaluation: Evaluation, version: int
) -> Evaluation:
    """Approve and freeze: points, explanations, band and the set version used
    stay as they are now. Manual points need their evidence."""
    if not can_review(actor, evaluation):
        raise PermissionDenied("Chỉ cán bộ cấp trên mới phê duyệt được phiếu này.")
    if evaluation.status != EvaluationStatus.REVIEWED:
        raise ValidationError("Phiếu phải được thẩm định trước khi phê duyệt.")
    scores = list(evaluation.scores.select_related("criterion"))
    unscored = [s.number for s in scores if s.unscored]
    if unscored:
        raise ValidationError(
            "Chưa phê duyệt được: tiêu chí "
            + ", ".join(unscored)
            + " chưa có điểm (chưa chấm, hoặc chưa có số liệu để tính). Chưa chấm "
            "không phải là 0 điểm: hãy trả lại phiếu hoặc cho điểm khi thẩm định."
        )
    lacking = [
        s.number
        for s in scores
        if s.criterion.evidence_required and s.points > 0 and not s.has_evidence
    ]
    if lacking:
        raise ValidationError(
            "Chưa phê duyệt được: thiếu tài liệu kiểm chứng cho tiêu chí "
            + ", ".join(lacking)
            + "."
        )
    update_versioned(
        evaluation,
        version,
        status=EvaluationStatus.APPROVED,
        approved_by=user_row(actor),
        approved_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="evaluation.approve",
        obj=evaluation,
        unit_path=evaluation.unit.path,
        after={"total": str(evaluation.total), "band": evaluation.band},
    )
    return evaluation
