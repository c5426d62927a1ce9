"""What an import decides before it stores: the level the rows are at, the form
that fits them and the period, and what storing would do to figures already
there (one replaced, or one met by the figures of an enclosing or enclosed unit,
where the unit's own figure counts: ADR 0013)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from cnscd.core.formatting import format_decimal
from cnscd.core.periods import PERIOD_TYPES, Period, parse_period
from cnscd.core.system import Actor
from cnscd.core.text import lower_first
from cnscd.indicators import matching
from cnscd.indicators.choices import OPEN_STATUSES
from cnscd.indicators.models import DataValue, Form, Indicator, Report
from cnscd.indicators.quality import Finding, ValueRow
from cnscd.indicators.selectors import structure_day
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit, ancestor_paths, path_upper_bound
from cnscd.units.selectors import child_level, units_visible_to


@dataclass(frozen=True)
class RowLabel:
    label: str
    code: str  # from the sheet's code column, "" without one


def _level_name(level: str) -> str:
    return lower_first(Level(level).label)


def row_level(
    actor: Actor,
    parent: AdministrativeUnit,
    period: Period,
    labels: list[RowLabel],
    form: Form | None,
) -> tuple[str | None, dict[str | None, matching.Matcher]]:
    """The level the rows name (None when no row names a unit exactly) and the
    units of each level tried under `parent`. The level is decided from all
    rows together: the level whose units most rows name exactly (by code or by
    name), a tie going to the parent's children. A table of eight names that
    are all districts is a district table though some are also communes'
    names. The levels tried are the children's and those a form is for."""
    units = units_visible_to(actor).valid_on(structure_day(parent, period))
    options: list[tuple[str | None, list[AdministrativeUnit]]] = [
        (child_level(parent), list(units.filter(parent=parent).order_by("code")))
    ]
    forms = Form.objects.filter(from_activities=False, partner_reported=False)
    if form is not None:
        forms = forms.filter(pk=form.pk)
    levels = set(forms.exclude(target_level="").values_list("target_level", flat=True))
    for deeper_level in sorted(levels, key=_depth):
        if deeper_level == options[0][0] or _depth(deeper_level) <= _depth(
            parent.level
        ):
            continue
        deeper = units.subtree_of(parent.path, include_self=False)
        options.append(
            (deeper_level, list(deeper.filter(level=deeper_level).order_by("path")))
        )
    best, best_score = options[0][0], 0
    matchers = {level: matching.Matcher(candidates) for level, candidates in options}
    for level, matcher in matchers.items():
        score = sum(
            1
            for row in labels
            if (
                matcher.by_gso_code(row.code)
                if row.code
                else matcher.exact(row.label)[0]
            )
        )
        if score > best_score:
            best, best_score = level, score
    return (best if best_score else None), matchers


def matcher_for(
    by_level: dict[str | None, matching.Matcher],
    level: str | None,
    form: Form,
) -> matching.Matcher:
    """The matcher of the units rows may name: those of the rows' level, or, when no row named
    a unit exactly, those of the form's level (else the parent's children)."""
    key = level if level is not None else form.target_level
    return by_level.get(key) or next(iter(by_level.values()))


def _depth(level: str | None) -> int:
    order = [c.value for c in Level]
    return order.index(level) if level in order else len(order)


def misfit(form: Form, level: str | None, period: Period) -> str | None:
    """Why the form cannot hold these rows for this period, or None."""
    if form.period_type != period.kind:
        kind = lower_first(PERIOD_TYPES.get(form.period_type, form.period_type))
        return (
            f"biểu “{form.name}” báo cáo theo kỳ {kind}, không nhận số liệu "
            f"{lower_first(period.label)}"
        )
    if form.target_level and level and form.target_level != level:
        return (
            f"các dòng của tệp là đơn vị {_level_name(level)}, còn biểu “{form.name}” "
            f"dành cho {_level_name(form.target_level)}"
        )
    return None


def check_fit(form: Form, level: str | None, period: Period) -> None:
    reason = misfit(form, level, period)
    if reason:
        raise ValidationError(
            f"Không nhập được: {reason}. Hãy chọn đúng kỳ báo cáo hoặc biểu mẫu."
        )


def guess_form(headers: list[str], level: str | None, period: Period) -> Form:
    """Among the forms that fit the rows' level and the period, the one whose
    indicators the columns name best; a form with columns the file lacks scores
    a little lower (so a 5-column form beats a 7-column one for a 5-column
    file). A form that fits the columns but not the rows or the period is
    never taken: the error says why."""
    scored = []
    for f in Form.objects.filter(from_activities=False, partner_reported=False):
        matched = len(matching.map_columns(f, headers))
        if matched:
            scored.append((matched - 0.1 * (f.columns.count() - matched), f.code, f))
    scored.sort(key=lambda t: (-t[0], t[1]))
    fitting = [t for t in scored if misfit(t[2], level, period) is None]
    if not fitting and scored:
        raise ValidationError(
            f"Các cột của tệp giống biểu “{scored[0][2].name}”, nhưng "
            f"{misfit(scored[0][2], level, period)}. Hãy chọn đúng kỳ báo cáo hoặc "
            "biểu mẫu (--form)."
        )
    if not fitting or (len(fitting) > 1 and fitting[1][0] == fitting[0][0]):
        raise ValidationError(
            "Không xác định được biểu mẫu từ các cột: hãy chọn biểu mẫu (--form)."
        )
    return fitting[0][2]


def overlap_findings(
    actor: Actor,
    parent: AdministrativeUnit,
    rows: list[tuple[ValueRow, AdministrativeUnit]],
    columns: list[Indicator],
    period: Period,
    skip: set[str],
) -> list[Finding]:
    """What storing would do to figures already there, for the dry run: a row's
    unit whose figure for the period would change (not for units in `skip`,
    whose reports are locked), and figures that meet a figure of an enclosing
    unit or of units below a row's unit — the own figure counts, the other is
    shown beside it. Figures are compared when their months overlap the period's."""
    rows = [(r, u) for r, u in rows if any(v is not None for v in r.values.values())]
    if not rows or not columns:
        return []
    names = {c.code: c.name for c in columns}
    overlapping = DataValue.objects.filter(
        indicator__in=columns,
        disaggregation="",
        first_month__lte=period.last_month,
        last_month__gte=period.first_month,
    )
    findings = _replaced(rows, overlapping, names, period, skip)
    findings += _enclosing(actor, rows, overlapping, names)
    findings += _enclosed(parent, rows, overlapping, names)
    return findings


def _replaced(
    rows: list[tuple[ValueRow, AdministrativeUnit]],
    overlapping: Any,
    names: dict[str, str],
    period: Period,
    skip: set[str],
) -> list[Finding]:
    by_unit = {u.pk: (r, u) for r, u in rows if u.code not in skip}
    changes: dict[int, list[str]] = defaultdict(list)
    for unit_id, code, value in overlapping.filter(
        unit_id__in=list(by_unit), period=period.code
    ).values_list("unit_id", "indicator__code", "value"):
        new = by_unit[unit_id][0].values.get(code)
        if new is not None and new != value:
            changes[unit_id].append(
                f"{names[code]}: {format_decimal(value)} → {format_decimal(new)}"
            )
    return [
        Finding(
            "replaced_value",
            "warning",
            f"{by_unit[unit_id][1].name} đã có số liệu {lower_first(period.label)}; "
            f"tệp sẽ thay {'; '.join(items)}.",
            by_unit[unit_id][0].row,
            None,
            by_unit[unit_id][1].code,
        )
        for unit_id, items in changes.items()
    ]


def _label(code: str) -> str:
    return lower_first(parse_period(code).label)


def _enclosing(
    actor: Actor,
    rows: list[tuple[ValueRow, AdministrativeUnit]],
    overlapping: Any,
    names: dict[str, str],
) -> list[Finding]:
    """An enclosing unit's own figure, with the rows below it: its own counts."""
    below: dict[tuple[str, str], tuple[int, Decimal]] = {}  # (path, code) → n, sum
    for r, u in rows:
        for path in ancestor_paths(u.path, include_self=False):
            for code, v in r.values.items():
                if v is not None:
                    n, total = below.get((path, code), (0, Decimal(0)))
                    below[(path, code)] = (n + 1, total + v)
    paths = {path for path, _ in below}
    enclosing = {
        u.pk: u for u in units_visible_to(actor).filter(path__in=paths).order_by("path")
    }
    findings = []
    for unit_id, code, value, period_code in overlapping.filter(
        unit_id__in=list(enclosing)
    ).values_list("unit_id", "indicator__code", "value", "period"):
        unit = enclosing[unit_id]
        if (unit.path, code) not in below:
            continue
        count, total = below[(unit.path, code)]
        findings.append(
            Finding(
                "own_figure_counts",
                "warning",
                f"{unit.name} đã có số liệu riêng {_label(period_code)} cho "
                f"“{names[code]}”: {format_decimal(value)}; {count} đơn vị trong "
                f"tệp thuộc {unit.name} cộng lại {format_decimal(total)}. "
                f"Số riêng vẫn là số của {unit.name} cho kỳ đó, không cộng thêm số "
                "của các đơn vị này; số của chúng được hiện bên cạnh để đối chiếu.",
                None,
                code,
                unit.code,
            )
        )
    return findings


def _enclosed(
    parent: AdministrativeUnit,
    rows: list[tuple[ValueRow, AdministrativeUnit]],
    overlapping: Any,
    names: dict[str, str],
) -> list[Finding]:
    """Figures of units below a row's unit: the row's own figure will count.
    Their sum is the children's figure under the rule (ADR 0013): a unit's own
    values, not its own plus those of the units below it."""
    by_path = {u.path: (r, u) for r, u in rows}
    depth = min(u.depth for _, u in rows)
    held: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    query = overlapping.filter(
        unit__depth__gt=depth,
        unit__path__gte=parent.path,
        unit__path__lt=path_upper_bound(parent.path),
    )
    for path, code, value in query.values_list(
        "unit__path", "indicator__code", "value"
    ):
        owner = next(
            (p for p in ancestor_paths(path, include_self=False) if p in by_path), None
        )
        if owner is None or by_path[owner][0].values.get(code) is None:
            continue
        held[(owner, code)][path] += value
    sums: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for key, values in held.items():
        # A unit with figures of its own hides the units below it.
        counted = [
            p
            for p in values
            if not any(a in values for a in ancestor_paths(p, include_self=False))
        ]
        sums[key] = (len(counted), sum((values[p] for p in counted), Decimal(0)))
    findings = []
    for (owner, code), (units, total) in sorted(sums.items()):
        r, u = by_path[owner]
        findings.append(
            Finding(
                "own_figure_counts",
                "warning",
                f"{units} đơn vị thuộc {u.name} đã có số liệu cho “{names[code]}”, "
                f"cộng lại {format_decimal(total)}; tệp ghi {format_decimal(r.values[code])} "
                f"là số riêng của {u.name}. Nếu lưu, số này là số của {u.name}, không "
                "cộng thêm số của các đơn vị đó; số của chúng được hiện bên cạnh để "
                "đối chiếu.",
                r.row,
                code,
                u.code,
            )
        )
    return findings


OPEN = tuple(OPEN_STATUSES)


def locked_rows(
    form: Form,
    rows: list[ValueRow],
    candidates: list[AdministrativeUnit],
    period: Period,
) -> list[Finding]:
    """A submitted or approved report changes only through its workflow (a
    return, or a revision opened on an approved one): an import that would
    change its figures is refused for that row — the form's own report for
    the period, and any other form's report holding the same unit's figure
    for the same indicator and period."""
    by_code = {u.code: u for u in candidates}
    ids = [by_code[r.unit_code].pk for r in rows if r.unit_code in by_code]
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(
            form=form, unit_id__in=ids, period=period.code, organisation__isnull=True
        ).exclude(status__in=OPEN)
    }
    values = DataValue.objects.filter(period=period.code, disaggregation="")
    # The figures of the form's locked reports, to compare with the file's …
    stored: dict[tuple[int, str], tuple[Decimal, Report | None]] = {
        (unit_id, code): (value, None)
        for unit_id, code, value in values.filter(
            unit_id__in=list(reports)
        ).values_list("unit_id", "indicator__code", "value")
    }
    # … and every figure a locked report holds, whichever its form.
    for value in (
        values.filter(unit_id__in=ids, report__isnull=False)
        .exclude(report__status__in=OPEN)
        .select_related("report", "indicator")
        .only("unit_id", "value", "indicator__code", "report__status")
    ):
        stored[(value.unit_id, value.indicator.code)] = (value.value, value.report)
    if not reports and not stored:
        return []
    findings = []
    for r in rows:
        unit = by_code.get(r.unit_code or "")
        if unit is None:
            continue
        holder = None
        for code, new in r.values.items():
            old, held = stored.get((unit.pk, code), (None, None))
            if old == new:
                continue
            holder = held or reports.get(unit.pk)
            if holder is not None:
                break
        if holder is not None:
            findings.append(
                Finding(
                    "locked_report",
                    "error",
                    f"Báo cáo {lower_first(period.label)} của {unit.name} "
                    f"{holder.get_status_display().lower()}: muốn thay số liệu, báo cáo "
                    "cần được trả lại hoặc mở bản sửa.",
                    r.row,
                    None,
                    unit.code,
                )
            )
    return findings
