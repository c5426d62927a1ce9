"""Import of appendix-style spreadsheets: one row per unit, one column per
indicator, a total row somewhere.

Real files have a title block, headers over two rows with merged cells, a STT
column, unit names written loosely ("Thanh miện", "TP Hải Dương", "H. Gia Lộc"),
numbers as "56.733" or 52779, blanks and "-", and a total row that may be wrong.
Every problem is a finding; nothing is stored unless no finding is an error.
"""

import datetime as dt
import difflib
import re
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
from cnscd.core.text import lower_first, nfc, search_key, tone_key
from cnscd.indicators import quality, services
from cnscd.indicators.choices import ReportStatus, Source, ValueType
from cnscd.indicators.models import (
    DataValue,
    Form,
    FormIndicator,
    HeaderMapping,
    Indicator,
    Report,
)
from cnscd.indicators.quality import Finding, ValueRow
from cnscd.indicators.selectors import form_indicators, structure_day
from cnscd.units.choices import REFORM_DATE
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage, child_level, units_visible_to

TOTAL_LABELS = {
    "tong",
    "tong cong",
    "cong",
    "tong so",
    "toan tinh",
    "toan huyen",
    "tong toan tinh",
}
UNIT_HEADERS = (
    "huyen",
    "don vi",
    "xa",
    "ten",
    "dia phuong",
    "tx",
    "tp",
    "quan",
    "phuong",
)
# Applied after punctuation became spaces: "TP. Hải Dương" → "tp hai duong".
ABBREVIATIONS = [
    (r"^tp ", "thanh pho "),
    (r"^t p ", "thanh pho "),
    (r"^h ", "huyen "),
    (r"^tx ", "thi xa "),
    (r"^q ", "quan "),
    (r"^p ", "phuong "),
    (r"^tt ", "thi tran "),
    (r"^x ", "xa "),
]
# How offices write the field's terms in headers: abbreviations and everyday
# shorthand are spelled out, filler words dropped, on both the header and the
# indicator's names, so either way of writing finds the other.
TERMS = [
    (r"\bdvctt\b", "dich vu cong truc tuyen"),
    (r"\bdvc\b", "dich vu cong"),
    (r"\btmdt\b", "thuong mai dien tu"),
    (r"\bcnscd\b", "cong nghe so cong dong"),
    (r"\bto cong nghe so cong dong\b", "to"),  # "the Tổ" is always the CNSCĐ team
    (r"\btthc\b", "thu tuc hanh chinh"),
    (r"\bcccd\b", "can cuoc cong dan"),
    (r"\bcsdl\b", "co so du lieu"),
    (r"\btk\b", "tai khoan"),
    (r"\bsp\b", "san pham"),
    (r"\btv\b", "thanh vien"),
    (r"\bhd\b", "huong dan"),
    (r"\bnd\b", "nguoi dan"),
    (r"\b(so luong|sl|duoc|da)\b", " "),
]
TYPE_PREFIXES = (
    "thanh pho ",
    "thi xa ",
    "huyen ",
    "quan ",
    "thi tran ",
    "phuong ",
    "xa ",
    "dac khu ",
    "tinh ",
)
FUZZY_MIN = 0.85
# Fuzzy matching compares a name with every candidate; past this many
# candidates (a whole country's communes) rows need a code column.
FUZZY_LIMIT = 2000
# Headers of a column of GSO codes ("Mã xã", "Mã ĐVHC"): rows are matched on it.
CODE_HEADERS = {
    "ma",
    "ma so",
    "ma don vi",
    "ma dvhc",
    "ma xa",
    "ma huyen",
    "ma tinh",
    "ma dia ban",
}


@dataclass
class SheetResult:
    form: Form | None
    period: Period
    rows: list[ValueRow] = field(default_factory=list)
    total_row: ValueRow | None = None
    findings: list[Finding] = field(default_factory=list)
    confidence: dict[int, float] = field(default_factory=dict)  # row → match confidence
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
            "rows": [
                {**row(r), "match_confidence": self.confidence.get(r.row or 0)}
                for r in self.rows
            ],
            "total_row": row(self.total_row) if self.total_row else None,
            "findings": [f.as_dict() for f in self.findings],
        }


# --- reading the table ------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", search_key(text)).strip()


def _find_table(rows: list[list[Any]]) -> tuple[int, int, int]:
    """(first header row, first data row, label column)."""
    for index, row in enumerate(rows[:40]):
        keys = [_key(cell_text(v)) for v in row]
        if "stt" in keys or "tt" in keys:
            stt = keys.index("stt") if "stt" in keys else keys.index("tt")
            label_col = next(
                (
                    i
                    for i, k in enumerate(keys)
                    if i != stt
                    and k
                    and k not in CODE_HEADERS
                    and any(k.startswith(h) or f" {h}" in f" {k}" for h in UNIT_HEADERS)
                ),
                stt + 1,
            )
            data = index + 1
            while data < len(rows) and not _is_data_row(rows[data], stt, label_col):
                data += 1
            return index, data, label_col
    raise ValidationError("Không tìm thấy bảng số liệu: cần dòng tiêu đề có cột “STT”.")


def _is_data_row(row: list[Any], stt: int, label_col: int) -> bool:
    first = cell_text(row[stt]) if stt < len(row) else ""
    label = cell_text(row[label_col]) if label_col < len(row) else ""
    if _is_numbering_row(row):
        return False
    return bool(label) and (first.isdigit() or _key(label) in TOTAL_LABELS)


_COLUMN_NUMBER = re.compile(r"\(?[0-9]{1,3}\)?|[A-Z]")


def _is_numbering_row(row: list[Any]) -> bool:
    """The row of column numbers many offices put under the headers: "(1)
    (2) (3)…", "1 2 3…" or "A B 1 2…" — not data, not part of a header."""
    cells = [cell_text(v) for v in row if cell_text(v)]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.fullmatch(c) for c in cells)


def _headers(rows: list[list[Any]], start: int, end: int, width: int) -> list[str]:
    """Column headers over several rows; a merged group cell carries to the right."""
    headers = [""] * width
    header_rows = [r for r in rows[start:end] if not _is_numbering_row(r)]
    for r in header_rows:
        carried = ""
        for col in range(width):
            text = cell_text(r[col]) if col < len(r) else ""
            if text:
                carried = text
                headers[col] = f"{headers[col]} {text}".strip()
            elif carried and r is not header_rows[-1]:
                headers[col] = f"{headers[col]} {carried}".strip()
    return headers


def _map_columns(form: Form, headers: list[str]) -> dict[int, Indicator]:
    """Column → indicator: a header confirmed earlier, else the longest known
    name or alias of one of the form's indicators found in the header."""
    remembered = {
        m.header_key: m.indicator
        for m in form.header_mappings.select_related("indicator")
    }
    indicators = [c.indicator for c in form.columns.select_related("indicator")]
    aliases: dict[int, set[str]] = {i.pk: {_term_key(i.name)} for i in indicators}
    # An indicator's aliases are shared by every form that has it.
    for fi in FormIndicator.objects.filter(indicator__in=indicators).exclude(
        aliases=""
    ):
        aliases[fi.indicator_id].update(
            _term_key(a) for a in fi.aliases.splitlines() if a.strip()
        )
    mapping: dict[int, Indicator] = {}
    for col, header in enumerate(headers):
        key = _key(header)
        if not key:
            continue
        if key in remembered:
            mapping[col] = remembered[key]
            continue
        key = _term_key(header)
        best: tuple[int, Indicator] | None = None
        for ind in indicators:
            for a in aliases[ind.pk]:
                hit = a and (key == a or f" {a} " in f" {key} ")
                if hit and (best is None or len(a) > best[0]):
                    best = (len(a), ind)
        if best and best[1] not in mapping.values():
            mapping[col] = best[1]
    return mapping


def _term_key(text: str) -> str:
    """A header or an indicator's name with the field's abbreviations spelled
    out and filler words dropped: "SL TK DVCTT được tạo" and "Số lượng tài
    khoản dịch vụ công trực tuyến được tạo" give one key."""
    key = _key(text)
    for pattern, replacement in TERMS:
        key = re.sub(pattern, replacement, key)
    # "Số …" (the number of …) says nothing once "số lượng" is gone too.
    return re.sub(r"^so ", "", " ".join(key.split()))


def _accented(text: str) -> str:
    """Case-folded words with their accents kept (names that differ only by
    accents are different units), the tone's placement folded ("Thuỵ" is
    "Thụy")."""
    return tone_key(re.sub(r"[^\w]+", " ", nfc(text)))


def _core(name: str) -> str:
    key = _key(name)
    for pattern, replacement in ABBREVIATIONS:
        key = re.sub(pattern, replacement, key)
    for prefix in TYPE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


class _Matcher:
    """Rows to units: by GSO code when the sheet has a code column, else by
    name (exact, without the type prefix, then fuzzy), with indexes built once."""

    def __init__(self, candidates: list[AdministrativeUnit]) -> None:
        self.candidates = candidates
        self.by_code = {u.code: u for u in candidates}
        self.code_lengths = sorted({len(u.code) for u in candidates})
        self.by_key: dict[str, list[AdministrativeUnit]] = {}
        self.by_core: dict[str, list[AdministrativeUnit]] = {}
        for u in candidates:
            self.by_key.setdefault(_key(u.name), []).append(u)
            self.by_core.setdefault(_core(u.name), []).append(u)

    def by_gso_code(self, code: str) -> AdministrativeUnit | None:
        """A code as typed; one stored as a number lost its leading zeros."""
        code = code.strip()
        found = self.by_code.get(code)
        if found is None and code.isdigit():
            for length in self.code_lengths:
                found = found or self.by_code.get(code.zfill(length))
        return found

    def by_name(self, label: str) -> tuple[AdministrativeUnit | None, float]:
        same = self.by_key.get(_key(label), [])
        if len(same) > 1:  # "Cẩm Giang" and "Cẩm Giàng": the accents decide
            same = [u for u in same if _accented(u.name) == _accented(label)]
        if len(same) == 1:
            return same[0], 1.0
        core = _core(label)
        exact = self.by_core.get(core, [])
        if len(exact) > 1:
            tail = _accented(label)
            exact = [u for u in exact if f" {_accented(u.name)}".endswith(f" {tail}")]
        if len(exact) == 1:
            return exact[0], 0.95
        if len(self.candidates) > FUZZY_LIMIT:
            return None, 0.0
        scored = sorted(
            (
                (difflib.SequenceMatcher(None, core, _core(u.name)).ratio(), u)
                for u in self.candidates
            ),
            key=lambda t: -t[0],
        )
        if (
            scored
            and scored[0][0] >= FUZZY_MIN
            and (len(scored) == 1 or scored[1][0] < scored[0][0])
        ):
            return scored[0][1], round(scored[0][0], 2)
        return None, 0.0


def _names(units: list[AdministrativeUnit]) -> str:
    return name_list([u.short_name for u in units])


# --- the import --------------------------------------------------------------------------


def import_sheet(
    *,
    actor: Any,
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
    header_start, data_start, label_col = _find_table(rows)
    if parent is None:
        labels = [
            cell_text(r[label_col]) for r in rows[data_start:] if label_col < len(r)
        ]
        parent = _guess_parent(actor, labels, p)
    if not can_manage(actor, parent):
        raise ValidationError("Bạn không quản lý đơn vị này.")
    width = max((len(r) for r in rows[header_start:]), default=0)
    headers = _headers(rows, header_start, data_start, width)
    form = form or _guess_form(headers, child_level(parent))
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
    mapping = _map_columns(form, headers)
    code_col = next((i for i, h in enumerate(headers) if _key(h) in CODE_HEADERS), None)
    result = SheetResult(form=form, period=p)
    for col, header in enumerate(headers):
        if (
            col in mapping
            or col in (label_col, code_col)
            or not _key(header)
            or _key(header) in ("stt", "tt")
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
    candidates = _candidates(actor, parent, form, p)
    matcher = _Matcher(candidates)
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
        if _key(label) in TOTAL_LABELS:
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
            if unit is not None and _core(label) != _core(unit.name):
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
    result.findings.extend(_locked(result, candidates, p))
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


def _candidates(
    actor: Any, parent: AdministrativeUnit, form: Form, period: Period
) -> list[AdministrativeUnit]:
    """The units rows may name: the parent's children, or, when the form is for
    a lower level (communes under a province or the whole country), the units of
    that level in the parent's subtree."""
    units = units_visible_to(actor).valid_on(structure_day(parent, period))
    children = units.filter(parent=parent)
    level = form.target_level
    if level and level != parent.level and not children.filter(level=level).exists():
        deeper = units.subtree_of(parent.path, include_self=False).filter(level=level)
        if deeper.exists():
            return list(deeper.order_by("path"))
    return list(children.order_by("code"))


def _guess_parent(actor: Any, labels: list[str], period: Period) -> AdministrativeUnit:
    """The unit in the actor's scope whose children the row labels name best."""
    labels = [lb for lb in labels if lb and _key(lb) not in TOTAL_LABELS]
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
        kids = _Matcher(children.get(unit.pk, []))
        score = sum(1 for lb in labels if kids.by_name(lb)[0] is not None)
        if score and (best is None or score > best[0]):
            best = (score, unit)
    if best is None or best[0] < max(1, len(labels) // 2):
        raise ValidationError(
            "Không nhận ra đơn vị cấp trên từ tên các dòng: hãy chọn đơn vị (--unit)."
        )
    return best[1]


def _locked(
    result: SheetResult, candidates: list[AdministrativeUnit], period: Period
) -> list[Finding]:
    """A submitted or approved report changes only through its workflow: an
    import that would change its figures is refused for that row."""
    by_code = {u.code: u for u in candidates}
    units = [by_code[r.unit_code] for r in result.rows if r.unit_code in by_code]
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(
            form=result.form,
            unit__in=units,
            period=period.code,
            organisation__isnull=True,
        ).exclude(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
    }
    if not reports:
        return []
    stored: dict[tuple[int, str], Decimal] = {
        (unit_id, code): value
        for unit_id, code, value in DataValue.objects.filter(
            unit_id__in=list(reports), period=period.code, disaggregation=""
        ).values_list("unit_id", "indicator__code", "value")
    }
    findings = []
    for r in result.rows:
        unit = by_code.get(r.unit_code or "")
        report = reports.get(unit.pk) if unit else None
        if (
            report
            and unit
            and any(
                stored.get((unit.pk, code)) != value for code, value in r.values.items()
            )
        ):
            findings.append(
                Finding(
                    "locked_report",
                    "error",
                    f"Báo cáo {lower_first(period.label)} của {unit.name} "
                    f"{report.get_status_display().lower()}: muốn thay số liệu, báo cáo "
                    "cần được trả lại hoặc mở bản sửa.",
                    r.row,
                    None,
                    unit.code,
                )
            )
    return findings


def _is_number(cell: Any) -> bool:
    try:
        return parse_vn_number(cell, integer=False) is not None
    except NumberError:
        return False


def _guess_form(headers: list[str], row_level: str | None) -> Form:
    """The form whose indicators the columns name best; a form with columns the
    file lacks scores a little lower (so a 5-column communes' form beats the
    7-column districts' form for a 5-column file), and between forms with the
    same columns the one for the level of the rows wins (the districts' or the
    provinces' appendix)."""
    scored = []
    for f in Form.objects.filter(from_activities=False, partner_reported=False):
        matched = len(_map_columns(f, headers))
        score = matched - 0.1 * (f.columns.count() - matched) if matched else 0.0
        if matched and f.target_level == row_level:
            score += 0.05
        scored.append((score, f.code, f))
    scores = sorted(scored, key=lambda t: (-t[0], t[1]))
    if (
        not scores
        or scores[0][0] <= 0
        or (len(scores) > 1 and scores[1][0] == scores[0][0])
    ):
        raise ValidationError(
            "Không xác định được biểu mẫu từ các cột: hãy chọn biểu mẫu (--form)."
        )
    return scores[0][2]


def _remember(actor: Any, form: Form, mappings: dict[str, str]) -> None:
    for header, code in mappings.items():
        indicator = Indicator.objects.filter(code=code, forms=form).first()
        if indicator is None:
            raise ValidationError(f"Chỉ tiêu “{code}” không thuộc biểu {form.code}.")
        HeaderMapping.objects.update_or_create(
            form=form,
            header_key=_key(header),
            defaults={
                "indicator": indicator,
                "confirmed_by": actor if getattr(actor, "pk", None) else None,
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
    actor: Any,
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
