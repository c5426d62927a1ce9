"""Import of appendix-style spreadsheets: one row per unit, one column per
indicator, a total row somewhere.

Real files have a title block, headers over two rows with merged cells, a STT
column, unit names written loosely ("Thanh miện", "TP Hải Dương", "H. Gia Lộc"),
numbers as "56.733" or 52779, blanks and "-", and a total row that may be wrong.
Every problem is a finding; nothing is stored unless no finding is an error.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cnscd.core import audit
from cnscd.core.formatting import NAMES_SHOWN, name_list
from cnscd.core.numbers import NumberError, parse_vn_number, plain
from cnscd.core.periods import Period, PeriodError, parse_period
from cnscd.core.spreadsheets import SpreadsheetError, cell_text, read_workbook
from cnscd.core.system import Actor, user_row
from cnscd.indicators import import_checks, matching, quality, services
from cnscd.indicators.choices import ReportStatus, Source, ValueType
from cnscd.indicators.models import (
    DataValue,
    Form,
    HeaderMapping,
    Indicator,
)
from cnscd.indicators.quality import Finding, ValueRow
from cnscd.indicators.selectors import form_indicators
from cnscd.units.choices import REFORM_DATE
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, units_visible_to

# A column whose header is mostly words the indicator's names do not have.
UNSURE_COLUMN = 0.5


@dataclass
class SheetResult:
    form: Form | None
    period: Period
    rows: list[ValueRow] = field(default_factory=list)
    total_row: ValueRow | None = None
    findings: list[Finding] = field(default_factory=list)
    confidence: dict[int, float] = field(default_factory=dict)  # row → match confidence
    # header → (indicator code, confidence) for every column matched
    columns: dict[str, tuple[str, float]] = field(default_factory=dict)
    stored: bool = False

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        def row(r: ValueRow) -> dict[str, Any]:
            return {
                "row": r.row,
                "label": r.label,
                "unit_code": r.unit_code,
                "values": {k: plain(v) for k, v in r.values.items()},
            }

        return {
            "stored": self.stored,
            "form": self.form.code if self.form else None,
            "period": self.period.code,
            "columns": [
                {"header": h, "indicator": code, "confidence": c}
                for h, (code, c) in self.columns.items()
            ],
            "rows": [
                {**row(r), "match_confidence": self.confidence.get(r.row or 0)}
                for r in self.rows
            ],
            "total_row": row(self.total_row) if self.total_row else None,
            "findings": [f.as_dict() for f in self.findings],
        }


def _row_labels(
    rows: list[list[Any]], label_col: int, code_col: int | None
) -> list[import_checks.RowLabel]:
    """The data rows' labels and codes, the total row left out."""
    out = []
    for raw in rows:
        label = cell_text(raw[label_col]) if label_col < len(raw) else ""
        if label and matching.fold(label) not in matching.TOTAL_LABELS:
            code = (
                cell_text(raw[code_col])
                if code_col is not None and code_col < len(raw)
                else ""
            )
            out.append(import_checks.RowLabel(label, code))
    return out


def _names(units: list[AdministrativeUnit]) -> str:
    return name_list([u.short_name for u in units])


# --- the import --------------------------------------------------------------------------


def import_sheet(
    *,
    actor: Actor,
    data: bytes,
    filename: str,
    period: str,
    parent: AdministrativeUnit | None,
    form: Form | None = None,
    dry_run: bool = False,
    confirmed_mappings: dict[str, str] | None = None,
    received_on: dt.date | None = None,
) -> SheetResult:
    """Read, check and (unless `dry_run` or an error was found) store the sheet
    under `parent` for `period`. `confirmed_mappings` (header → indicator code)
    are remembered for the form. `received_on`, the day the file came in, says
    whether its reports were on time; without it their timeliness is unknown."""
    if received_on is not None and received_on > timezone.localdate():
        raise ValidationError("Ngày nhận tệp không thể sau hôm nay.")
    try:
        p = parse_period(period)
    except PeriodError as exc:
        raise ValidationError(str(exc)) from exc
    try:
        sheet = read_workbook(data, filename)[0]
    except SpreadsheetError as exc:
        raise ValidationError(exc.message) from exc
    rows = sheet.rows
    header_start, data_start, label_col = matching.find_table(rows)
    if parent is None:
        labels = [
            cell_text(r[label_col]) for r in rows[data_start:] if label_col < len(r)
        ]
        parent = _guess_parent(actor, labels, p)
    if not can_manage(actor, parent):
        raise ValidationError("Bạn không quản lý đơn vị này.")
    width = max((len(r) for r in rows[header_start:]), default=0)
    headers = matching.headers(rows, header_start, data_start, width)
    code_col = next(
        (i for i, h in enumerate(headers) if matching.fold(h) in matching.CODE_HEADERS),
        None,
    )
    level, by_level = import_checks.row_level(
        actor, parent, p, _row_labels(rows[data_start:], label_col, code_col), form
    )
    form = form or import_checks.guess_form(headers, level, p)
    if form.from_activities:
        raise ValidationError(
            f"Biểu {form.code} được tổng hợp tự động từ nhật ký hoạt động của các "
            "Tổ, không nhập từ tệp."
        )
    if form.partner_reported:
        raise ValidationError(
            f"Biểu {form.code} do từng doanh nghiệp, tổ chức báo cáo số liệu của "
            "mình trên hệ thống; số của đơn vị là tổng các doanh nghiệp, không nhập "
            "từ tệp."
        )
    if confirmed_mappings:
        _remember(actor, form, confirmed_mappings)
    import_checks.check_fit(form, level, p)
    matcher = import_checks.matcher_for(by_level, level, form)
    candidates = matcher.candidates
    matched = matching.match_columns(form, headers)
    mapping = {col: ind for col, (ind, _) in matched.items()}
    result = SheetResult(form=form, period=p)
    for col, (ind, confidence) in matched.items():
        result.columns[headers[col]] = (ind.code, confidence)
        if confidence < UNSURE_COLUMN:
            result.findings.append(
                Finding(
                    "unsure_column",
                    "warning",
                    f"Cột “{headers[col]}” được hiểu là chỉ tiêu “{ind.name}” (độ tin "
                    f"cậy {int(confidence * 100)}%): hãy kiểm tra, và xác nhận hoặc chọn "
                    "chỉ tiêu khác (lựa chọn được ghi nhớ cho lần sau).",
                    None,
                    ind.code,
                    header=headers[col],
                )
            )
    for col, header in enumerate(headers):
        if (
            col in mapping
            or col in (label_col, code_col)
            or not matching.fold(header)
            or matching.fold(header) in ("stt", "tt")
        ):
            continue
        if any(_is_number(r[col]) for r in rows[data_start:] if col < len(r)):
            result.findings.append(
                Finding(
                    "unmapped_column",
                    "error",
                    f"Cột “{header}” chưa khớp với chỉ tiêu nào của biểu {form.code}: hãy chọn chỉ tiêu "
                    "tương ứng (lựa chọn được ghi nhớ cho lần sau).",
                    header=header,
                )
            )
    columns = [ind for ind in form_indicators(form) if ind in mapping.values()]
    missing = [ind for ind in form_indicators(form) if ind not in mapping.values()]
    for ind in missing:
        result.findings.append(
            Finding(
                "missing_column",
                "info",
                f"Tệp không có cột “{ind.name}”.",
                None,
                ind.code,
            )
        )
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows[data_start:], start=data_start + 1):
        label = cell_text(raw[label_col]) if label_col < len(raw) else ""
        if not label:
            continue
        values = {}
        for col, ind in mapping.items():
            cell = raw[col] if col < len(raw) else None
            try:
                values[ind.code] = parse_vn_number(
                    cell,
                    integer=ind.value_type == ValueType.INTEGER,
                    maximum=ind.maximum,
                )
            except NumberError as exc:
                values[ind.code] = None
                result.findings.append(
                    Finding(
                        "unparsed_value", "error", f"{label}: {exc}", number, ind.code
                    )
                )
        value_row = ValueRow(number, label, None, values)
        if matching.fold(label) in matching.TOTAL_LABELS:
            result.total_row = value_row
            continue
        code = (
            cell_text(raw[code_col])
            if code_col is not None and code_col < len(raw)
            else ""
        )
        if code:
            unit = matcher.by_gso_code(code)
            confidence = 1.0 if unit else 0.0
            if unit is not None and matching.name_core(label) != matching.name_core(
                unit.name
            ):
                result.findings.append(
                    Finding(
                        "code_name_mismatch",
                        "warning",
                        f"Mã {code} là {unit.name}, nhưng dòng ghi tên “{label}”: "
                        "hãy kiểm tra lại mã hoặc tên.",
                        number,
                        None,
                        unit.code,
                    )
                )
        else:
            unit, confidence = matcher.by_name(label)
        result.confidence[number] = confidence
        if unit is None:
            result.findings.append(
                Finding(
                    "unmatched_unit",
                    "error",
                    (
                        f"Mã “{code}” (dòng “{label}”) không phải đơn vị nào trong {parent.name}."
                        if code
                        else f"Không nhận ra đơn vị “{label}” trong {parent.name}. "
                        + (
                            f"Các đơn vị có thể chọn: {_names(candidates)}."
                            if len(candidates) <= NAMES_SHOWN * 2
                            else "Hãy thêm cột “Mã đơn vị” (mã của Tổng cục Thống kê) "
                            "để nhận đơn vị theo mã."
                        )
                    ),
                    number,
                )
            )
        elif unit.code in seen:
            result.findings.append(
                Finding(
                    "duplicate_unit",
                    "error",
                    f"{unit.name} xuất hiện hai lần (dòng {seen[unit.code]} và {number}).",
                    number,
                    None,
                    unit.code,
                )
            )
        else:
            seen[unit.code] = number
            value_row.unit_code = unit.code
            if confidence < 0.95:  # more than a dropped "Huyện"/"TP" prefix
                result.findings.append(
                    Finding(
                        "fuzzy_unit_match",
                        "info",
                        f"“{label}” được hiểu là {unit.name} (độ tin cậy {int(confidence * 100)}%).",
                        number,
                        None,
                        unit.code,
                    )
                )
        result.rows.append(value_row)
    result.findings.extend(_quality(result, columns, candidates))
    locked = import_checks.locked_rows(form, result.rows, candidates, p)
    result.findings.extend(locked)
    by_code = {u.code: u for u in candidates}
    result.findings.extend(
        import_checks.overlap_findings(
            actor,
            parent,
            [(r, by_code[r.unit_code]) for r in result.rows if r.unit_code in by_code],
            columns,
            p,
            {f.unit_code for f in locked if f.unit_code},
        )
    )
    unmatched = [u for u in candidates if u.code not in seen]
    if unmatched and result.rows:
        result.findings.append(
            Finding(
                "missing_unit", "info", f"Tệp không có dòng cho: {_names(unmatched)}."
            )
        )
    if dry_run or result.has_errors:
        return result
    _store(actor, result, parent, candidates, filename, p, received_on)
    return result


def _guess_parent(
    actor: Actor, labels: list[str], period: Period
) -> AdministrativeUnit:
    """The unit in the actor's scope whose children the row labels name best."""
    labels = [
        lb for lb in labels if lb and matching.fold(lb) not in matching.TOTAL_LABELS
    ]
    candidates = list(
        units_visible_to(actor)
        .filter(level__in=["province", "district"])
        .valid_on(period.end)
        if period.end < REFORM_DATE
        else units_visible_to(actor).filter(level="province").valid_on(period.end)
    )
    children: dict[int, list[AdministrativeUnit]] = {}
    for child in AdministrativeUnit.objects.filter(parent__in=candidates).valid_on(
        period.end
    ):
        children.setdefault(child.parent_id or 0, []).append(child)
    best: tuple[int, AdministrativeUnit] | None = None
    for unit in candidates:
        kids = matching.Matcher(children.get(unit.pk, []))
        score = sum(1 for lb in labels if kids.by_name(lb)[0] is not None)
        if score and (best is None or score > best[0]):
            best = (score, unit)
    if best is None or best[0] < max(1, len(labels) // 2):
        raise ValidationError(
            "Không nhận ra đơn vị cấp trên từ tên các dòng: hãy chọn đơn vị (--unit)."
        )
    return best[1]


def _is_number(cell: Any) -> bool:
    try:
        return parse_vn_number(cell, integer=False) is not None
    except NumberError:
        return False


def _remember(actor: Actor, form: Form, mappings: dict[str, str]) -> None:
    for header, code in mappings.items():
        indicator = Indicator.objects.filter(code=code, forms=form).first()
        if indicator is None:
            raise ValidationError(f"Chỉ tiêu “{code}” không thuộc biểu {form.code}.")
        HeaderMapping.objects.update_or_create(
            form=form,
            header_key=matching.fold(header),
            defaults={
                "indicator": indicator,
                "confirmed_by": user_row(actor),
            },
        )


def _quality(
    result: SheetResult, columns: list[Indicator], candidates: list[AdministrativeUnit]
) -> list[Finding]:
    matched = [r for r in result.rows if r.unit_code]
    rules = quality.rules_among(columns)
    findings: list[Finding] = []
    if result.total_row:
        findings += quality.check_total_row(result.rows, result.total_row, columns)
    findings += quality.check_siblings(matched, rules, columns)
    findings += _history_findings(result, matched, columns, candidates)
    return findings


def _history_findings(
    result: SheetResult,
    rows: list[ValueRow],
    columns: list[Indicator],
    candidates: list[AdministrativeUnit],
) -> list[Finding]:
    """Each unit against its own earlier periods of the same length (one query)."""
    by_code = {u.code: u for u in candidates}
    history: dict[tuple[int, str], list[Decimal]] = {}
    span = result.period.last_month - result.period.first_month
    past = DataValue.objects.filter(
        unit__in=[by_code[r.unit_code] for r in rows if r.unit_code in by_code],
        indicator__in=columns,
        last_month__lt=result.period.first_month,
        disaggregation="",
    ).values_list("unit_id", "indicator__code", "value", "first_month", "last_month")
    for unit_id, code, value, first, last in past:
        if last - first == span:
            history.setdefault((unit_id, code), []).append(value)
    findings = []
    for r in rows:
        unit = by_code.get(r.unit_code or "")
        if unit:
            findings += quality.check_history(
                r,
                {c.code: history.get((unit.pk, c.code), []) for c in columns},
                columns,
            )
    return findings


@transaction.atomic
def _store(
    actor: Actor,
    result: SheetResult,
    parent: AdministrativeUnit,
    candidates: list[AdministrativeUnit],
    filename: str,
    period: Period,
    received_on: dt.date | None,
) -> None:
    assert result.form is not None  # noqa: S101 - set by import_sheet
    by_code = {u.code: u for u in candidates}
    indicators = {i.code: i for i in form_indicators(result.form)}
    rows = [(r, by_code[r.unit_code]) for r in result.rows if r.unit_code in by_code]
    reports = services.reports_for(
        form=result.form, units=[u for _, u in rows], period=period
    )
    services.values_store_many(
        actor=actor,
        period=period,
        status=ReportStatus.SUBMITTED,
        sent_on=received_on,
        imported=True,
        items=[
            services.ReportValues(
                reports[unit.pk],
                [
                    services.ValueInput(
                        indicators[code],
                        value,
                        source=Source.IMPORTED,
                        source_file=filename,
                        source_row=r.row,
                    )
                    for code, value in r.values.items()
                ],
            )
            for r, unit in rows
        ],
    )
    result.stored = True
    audit.record(
        actor=actor,
        action="sheet.import",
        obj=parent,
        unit_path=parent.path,
        after={
            "file": filename[:200],
            "form": result.form.code,
            "period": period.code,
            "rows": len(result.rows),
            "findings": {
                k: sum(1 for f in result.findings if f.kind == k)
                for k in {f.kind for f in result.findings}
            },
        },
    )
