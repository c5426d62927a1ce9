"""Reads for evaluation: criteria sets, the inputs a set needs, scores of the
children of a unit with bands and ranks (inputs in `inputs`, targets and
progress in `progress`)."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cnscd.core.formatting import format_decimal
from cnscd.core.http import scoped_get
from cnscd.core.params import id_or_404
from cnscd.core.periods import Period
from cnscd.core.roles import NON_PARTNER_ROLES
from cnscd.core.system import Actor
from cnscd.evaluation.choices import Method, Subject
from cnscd.evaluation.inputs import Values, gather_inputs, sources_of, teams_at
from cnscd.evaluation.models import (
    Band,
    BandSet,
    CriteriaSet,
    Criterion,
    Evaluation,
)
from cnscd.evaluation.ranking import BandRule, Condition, classify, competition_ranks
from cnscd.evaluation.scoring import (
    NETWORK_REFS,
    TEAM_REFS,
    Outcome,
    is_indicator_ref,
    rule_from_params,
    score,
)
from cnscd.indicators.models import Indicator
from cnscd.indicators.selectors import structure_day
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import child_level, scope_q, units_visible_to

# --- criteria sets and bands ---------------------------------------------------------


def criteria_sets() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.all()


def criteria_set_get(pk: Any) -> CriteriaSet:
    try:
        return CriteriaSet.objects.get(pk=id_or_404(pk))
    except CriteriaSet.DoesNotExist:
        raise Http404 from None


def criteria_set_for(
    period: Period, code: str | None = None, subject: str = Subject.UNIT
) -> CriteriaSet:
    """The set in force at the period's end for localities or for teams: an
    official set before a local draft, the latest version valid by then;
    `code` picks a set by its code."""
    sets = CriteriaSet.objects.filter(valid_from__lte=period.end)
    sets = sets.filter(code=code) if code else sets.filter(subject=subject)
    found = sets.order_by("is_local_draft", "-valid_from", "-version").first()
    if found is None:
        raise Http404
    return found


def criteria_of(cset: CriteriaSet) -> list[Criterion]:
    return list(
        Criterion.objects.filter(group__criteria_set=cset)
        .select_related("group")
        .order_by("group__order", "order")
    )


def band_set_default(subject: str = Subject.UNIT) -> BandSet | None:
    return (
        BandSet.objects.filter(is_default=True, subject=subject)
        .order_by("code")
        .first()
    )


def subject_below(unit: AdministrativeUnit) -> str:
    """What a ranking under `unit` scores: a commune's villages are scored by
    their teams, any other unit's children as localities."""
    return Subject.TEAM if child_level(unit) == Level.VILLAGE else Subject.UNIT


def band_rules(band_set: BandSet | None) -> list[BandRule]:
    if band_set is None:
        return []
    bands: QuerySet[Band] = band_set.bands.order_by("order")
    return [
        BandRule(
            b.name,
            tuple(
                Condition(c["ref"], c["op"], Decimal(str(c["value"])))
                for c in b.conditions
            ),
        )
        for b in bands
    ]


# --- scores --------------------------------------------------------------------------


@dataclass
class CriterionResult:
    number: str
    name: str
    max_points: Decimal
    points: Decimal | None
    explanation: str
    inputs: dict[str, Any] = field(default_factory=dict)
    method: str = ""
    evidence: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.number,
            "name": self.name,
            "max_points": _num(self.max_points),
            "points": None if self.points is None else _num(self.points),
            "explanation": self.explanation,
            "inputs": self.inputs,
        }


@dataclass
class UnitResult:
    unit: AdministrativeUnit
    score: Decimal
    criteria: list[CriterionResult]
    band: str | None
    band_reason: str
    status: str  # "approved" (frozen), or "provisional"
    evaluation: Evaluation | None = None
    rank: int | None = None
    previous_rank: int | None = None
    team: str = ""  # scoring a village's team: its name

    @property
    def has_data(self) -> bool:
        """Approved, or at least one reported indicator figure (or, scoring a
        team, the team) exists: a unit with no report for the period, a
        village without a team at the period's end (whatever its log says),
        is not ranked."""
        if self.status == "approved":
            return True
        inputs = [(ref, v) for c in self.criteria for ref, v in c.inputs.items()]
        team = [v for ref, v in inputs if ref in TEAM_REFS]
        if team and all(v is None for v in team):
            return False
        return any(
            v is not None and (is_indicator_ref(ref) or ref in TEAM_REFS)
            for ref, v in inputs
        )

    @property
    def known_score(self) -> Decimal | None:
        """The score to show: none for a unit without data, whose criteria
        all read "chưa có số liệu" — a blank is not 0 points."""
        return self.score if self.has_data else None

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous period (negative: places lost)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def explanation(self) -> str:
        lines = [
            f"Xếp loại “{self.band or 'chưa xếp loại'}”: {self.band_reason}",
            *(
                f"{c.number}. {c.name}: "
                + (
                    "chưa chấm"
                    if c.points is None
                    else f"{_vn(c.points)}/{_vn(c.max_points)} điểm"
                )
                + f" — {c.explanation}"
                for c in self.criteria
            ),
        ]
        if self.status != "approved":
            lines.append("Điểm tạm tính từ số liệu hiện có, chưa được phê duyệt.")
        return "\n".join(lines)


@dataclass
class EvaluationTable:
    unit: AdministrativeUnit
    period: Period
    criteria_set: CriteriaSet
    band_set: BandSet | None
    rows: list[UnitResult]

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_code": self.unit.code,
            "period": self.period.code,
            "criteria_set": {
                "code": self.criteria_set.code,
                "name": self.criteria_set.name,
                "version": self.criteria_set.version,
                "is_local_draft": self.criteria_set.is_local_draft,
            },
            "units": [
                {
                    "unit_code": r.unit.code,
                    "name": r.unit.name,
                    **({"team": r.team} if r.team else {}),
                    "score": None if (s := r.known_score) is None else _num(s),
                    "band": r.band,
                    "rank": r.rank,
                    "explanation": r.explanation,
                    "status": r.status,
                    "previous_rank": r.previous_rank,
                    "rank_change": r.rank_change,
                    "band_reason": r.band_reason,
                    "criteria": [c.as_dict() for c in r.criteria],
                }
                for r in self.rows
            ],
        }


def _num(v: Decimal) -> int | float:
    return int(v) if v == v.to_integral_value() else float(v)


def _vn(v: Decimal) -> str:
    return format_decimal(v)


def score_units(
    *,
    actor: Actor,
    units: list[AdministrativeUnit],
    period: Period,
    cset: CriteriaSet,
    band_set: BandSet | None,
) -> list[UnitResult]:
    """Each unit's score: the approved (frozen) sheet where there is one, or
    computed now from the data (manual points from the unit's open sheet)."""
    criteria = criteria_of(cset)
    bands = band_rules(band_set)
    band_refs = {c.ref for b in bands for c in b.conditions if c.ref != "score"}
    refs = band_refs | {r for c in criteria for r in sources_of(c).refs}
    teams = (
        teams_at(actor=actor, units=units, period=period)
        if cset.subject == Subject.TEAM
        else {}
    )
    inputs = gather_inputs(
        actor=actor, units=units, period=period, refs=refs, teams=teams
    )
    sheets = {
        e.unit_id: e
        for e in Evaluation.objects.filter(
            criteria_set=cset, unit__in=units, period=period.code
        ).prefetch_related("scores")
    }
    names = dict(Indicator.objects.values_list("code", "name")) | NETWORK_REFS
    names["score"] = "Tổng điểm"
    out = []
    for unit in units:
        sheet = sheets.get(unit.pk)
        values = inputs[unit.pk]
        if sheet is not None and sheet.frozen:
            results = [
                CriterionResult(
                    s.number,
                    s.name,
                    s.max_points,
                    s.points,
                    s.explanation,
                    s.inputs,
                    evidence=s.has_evidence,
                )
                for s in sheet.scores.all()
            ]
            total = sheet.total
        else:
            manual = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
            results = [_result(c, values, manual.get(c.pk)) for c in criteria]
            total = sum((r.points or Decimal(0) for r in results), Decimal(0))
        classified = classify(bands, {**values, "score": total}, names)
        out.append(
            UnitResult(
                unit=unit,
                score=total,
                criteria=results,
                band=sheet.band
                if sheet is not None and sheet.frozen
                else classified.band,
                band_reason=classified.reason,
                status="approved"
                if sheet is not None and sheet.frozen
                else "provisional",
                evaluation=sheet,
                team=teams[unit.pk].name if unit.pk in teams else "",
            )
        )
    return out


def _result(criterion: Criterion, values: Values, saved: Any) -> CriterionResult:
    """A criterion computed now; points given by hand (self-assessment or
    review) on the unit's open sheet are taken over."""
    rule = rule_from_params(criterion.method, criterion.max_points, criterion.params)
    outcome: Outcome = score(rule, values, sources_of(criterion))
    points, explanation = outcome.points, outcome.explanation
    if saved is not None and saved.review_points is not None:
        points = saved.review_points
        explanation += (
            f" Cấp trên thẩm định: {_vn(points)} điểm. {saved.review_note}".rstrip()
        )
    elif (
        criterion.method == Method.MANUAL
        and saved is not None
        and saved.self_points is not None
    ):
        points = saved.self_points
        explanation = f"Đơn vị tự chấm {_vn(points)} điểm. {saved.self_note}".rstrip()
    return CriterionResult(
        criterion.number,
        criterion.name,
        criterion.max_points,
        points,
        explanation,
        outcome.inputs,
        method=criterion.method,
        evidence=bool(saved and saved.has_evidence),
    )


def evaluation_table(
    *,
    actor: Actor,
    unit: AdministrativeUnit,
    period: Period,
    cset: CriteriaSet | None = None,
    band_set: BandSet | None = None,
    with_previous: bool = True,
) -> EvaluationTable:
    """The unit's children (in the period's structure) scored, classified and
    ranked among themselves, with their rank in the previous period. Under a
    commune the children are villages and what is scored is their teams, with
    the set and the classification for teams."""
    subject = cset.subject if cset else subject_below(unit)
    cset = cset or criteria_set_for(period, subject=subject)
    band_set = band_set or band_set_default(cset.subject)
    day = structure_day(unit, period)
    children = list(
        units_visible_to(actor).filter(parent=unit).valid_on(day).order_by("code")
    )
    rows = score_units(
        actor=actor, units=children, period=period, cset=cset, band_set=band_set
    )
    ranks = competition_ranks([(r.unit.pk, r.score) for r in rows if r.has_data])
    for r in rows:
        r.rank = ranks.get(r.unit.pk)
    if with_previous and rows:
        before = period.previous()
        previous = score_units(
            actor=actor, units=children, period=before, cset=cset, band_set=band_set
        )
        prev_ranks = competition_ranks(
            [(p.unit.pk, p.score) for p in previous if p.has_data]
        )
        for r in rows:
            r.previous_rank = prev_ranks.get(r.unit.pk)
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.code))
    return EvaluationTable(unit, period, cset, band_set, rows)


def evaluations_visible_to(actor: Actor) -> QuerySet[Evaluation]:
    """Score sheets (and their evidence) in the actor's units; not for partner
    reporters."""
    return Evaluation.objects.filter(
        scope_q(actor, "unit__path", roles=NON_PARTNER_ROLES)
    )


def evaluation_get_for(*, actor: Actor, pk: Any) -> Evaluation:
    return scoped_get(
        evaluations_visible_to(actor).select_related(
            "unit", "unit__parent", "criteria_set"
        ),
        pk,
    )


def shortlist(
    table: EvaluationTable, *, size: int = 3
) -> list[tuple[UnitResult, list[str]]]:
    """Year-end recognition (khen thưởng): the best-ranked units of the top band
    (at most `size`, more if tied), each with the reasons."""
    if not table.rows:
        return []
    top_band = next((r.band for r in table.rows if r.band), None)
    ranked = [r for r in table.rows if r.rank is not None and r.band == top_band]
    if not ranked:
        return []
    cutoff = ranked[min(size, len(ranked)) - 1].rank or 0
    out = []
    for r in ranked:
        if (r.rank or 0) > cutoff:
            break
        reasons = [f"Xếp thứ {r.rank} với {_vn(r.score)} điểm; xếp loại “{r.band}”."]
        reasons += [
            f"Đạt điểm tối đa tiêu chí {c.number}: {c.name}."
            for c in r.criteria
            if c.points is not None and c.points == c.max_points
        ]
        out.append((r, reasons))
    return out
