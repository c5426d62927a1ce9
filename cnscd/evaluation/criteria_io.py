"""Criteria sets to and from the Excel layout provincial scoring tables use:
STT | Tiêu chí | Điểm tối đa | Cách tính điểm | Tài liệu kiểm chứng | Nguồn dữ liệu |
Đơn vị xác minh, under a few "Mục: giá trị" lines naming the set.

Group rows carry a Roman numeral (I, II, …) and their maximum; criterion rows
under them carry their own maximum, rule and sources. An import is checked as
a whole and stored only if nothing is wrong; each problem names its row.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from cnscd.core import audit
from cnscd.core.formatting import format_date, format_number, parse_date
from cnscd.core.spreadsheets import SpreadsheetError, cell_text, read_workbook
from cnscd.core.system import Actor, user_row
from cnscd.core.text import search_key
from cnscd.core.xlsx import write_table
from cnscd.evaluation.choices import Method, Subject
from cnscd.evaluation.models import CriteriaGroup, CriteriaSet, Criterion
from cnscd.evaluation.scoring import RuleError, describe, parse_rule, parse_sources
from cnscd.indicators.models import Indicator

HEADER = [
    "STT",
    "Tiêu chí",
    "Điểm tối đa",
    "Cách tính điểm",
    "Tài liệu kiểm chứng",
    "Nguồn dữ liệu",
    "Đơn vị xác minh",
]
META = {
    "ma bo tieu chi": "code",
    "ten bo tieu chi": "name",
    "co quan ban hanh": "issuing_body",
    "phien ban": "version",
    "ap dung tu ngay": "valid_from",
    "tinh trang": "status",
    "ap dung cho": "subject",
}
TEAM_WORDS = "to"  # "Áp dụng cho: Tổ Công nghệ số cộng đồng" (else localities)
ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
DRAFT_WORDS = "du thao"


@dataclass
class Problem:
    row: int | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "message": self.message}


@dataclass
class ParsedCriterion:
    row: int
    number: str
    name: str
    max_points: Decimal
    method: str
    rule_text: str
    params: dict[str, Any]
    sources: str
    evidence: str
    verifier: str


@dataclass
class ParsedGroup:
    row: int
    number: str
    name: str
    max_points: Decimal
    criteria: list[ParsedCriterion] = field(default_factory=list)


@dataclass
class CriteriaImport:
    meta: dict[str, Any] = field(default_factory=dict)
    groups: list[ParsedGroup] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stored: CriteriaSet | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored is not None,
            "code": self.meta.get("code"),
            "version": self.meta.get("version"),
            "groups": len(self.groups),
            "criteria": sum(len(g.criteria) for g in self.groups),
            "problems": [p.as_dict() for p in self.problems],
        }


def _points(raw: Any) -> Decimal | None:
    text = cell_text(raw).replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _date(text: str) -> dt.date | None:
    # A date cell that went through str() reads "2025-07-01 00:00:00".
    return parse_date(text.removesuffix(" 00:00:00"))


def _source_names() -> dict[str, str]:
    """Accepted spellings of an indicator in "Nguồn dữ liệu": code or name."""
    names: dict[str, str] = {}
    for code, name in Indicator.objects.values_list("code", "name"):
        names[code] = code
        names[search_key(name)] = code
    return names


def _sources_text(text: str, names: dict[str, str]) -> str:
    """Indicator names written out are replaced by their codes."""
    parts = [p.strip() for p in text.split("/")]
    return " / ".join(names.get(search_key(p), p) for p in parts if p)


def parse_criteria(rows: list[list[Any]]) -> CriteriaImport:
    result = CriteriaImport()
    header_at = None
    for i, row in enumerate(rows):
        keys = [search_key(cell_text(c)) for c in row]
        if "stt" in keys and "tieu chi" in keys and "diem toi da" in keys:
            header_at = i
            break
        text = " ".join(cell_text(c) for c in row if cell_text(c))
        if ":" in text:
            key, value = text.split(":", 1)
            if search_key(key).strip() in META:
                result.meta[META[search_key(key).strip()]] = value.strip()
        elif text and "name" not in result.meta and i == 0:
            result.meta["title"] = text
    if header_at is None:
        result.problems.append(
            Problem(None, f"Không thấy dòng tiêu đề cột ({', '.join(HEADER)}).")
        )
        return result
    columns = {search_key(cell_text(c)): j for j, c in enumerate(rows[header_at]) if c}
    missing = [h for h in HEADER if search_key(h) not in columns]
    if missing:
        result.problems.append(
            Problem(header_at + 1, f"Thiếu cột: {', '.join(missing)}.")
        )
        return result
    _check_meta(result)
    names = _source_names()
    codes = set(names.values())

    def col(row: list[Any], title: str) -> Any:
        j = columns[search_key(title)]
        return row[j] if j < len(row) else None

    declared_total: tuple[int, Decimal] | None = None
    for i, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        number = cell_text(col(row, "STT"))
        name = cell_text(col(row, "Tiêu chí"))
        if not number and not name:
            continue
        points = _points(col(row, "Điểm tối đa"))
        if search_key(name).startswith(("tong cong", "tong diem", "cong")):
            if points is not None:
                declared_total = (i, points)
            continue
        if points is None or points <= 0:
            result.problems.append(
                Problem(i, f"Dòng {i}: “Điểm tối đa” phải là số lớn hơn 0.")
            )
            continue
        if ROMAN.match(number.lower()):
            result.groups.append(ParsedGroup(i, number, name, points))
            continue
        if not result.groups:
            result.problems.append(
                Problem(
                    i, f"Dòng {i}: tiêu chí nằm ngoài nhóm (thiếu dòng nhóm I, II…)."
                )
            )
            continue
        rule_text = cell_text(col(row, "Cách tính điểm"))
        try:
            rule = parse_rule(rule_text, points)
            sources = _sources_text(cell_text(col(row, "Nguồn dữ liệu")), names)
            parse_sources(sources, codes, rule.method)
        except RuleError as exc:
            result.problems.append(Problem(i, f"Dòng {i} (tiêu chí {number}): {exc}"))
            continue
        result.groups[-1].criteria.append(
            ParsedCriterion(
                row=i,
                number=number,
                name=name,
                max_points=points,
                method=rule.method,
                rule_text=rule_text or describe(rule),
                params=rule.params(),
                sources="" if rule.method == Method.MANUAL else sources,
                evidence=cell_text(col(row, "Tài liệu kiểm chứng")),
                verifier=cell_text(col(row, "Đơn vị xác minh")),
            )
        )
    _check_points(result, declared_total)
    return result


def _check_meta(result: CriteriaImport) -> None:
    meta = result.meta
    if "name" not in meta and meta.get("title"):
        meta["name"] = meta["title"]
    for key, label in [
        ("code", "Mã bộ tiêu chí"),
        ("name", "Tên bộ tiêu chí"),
        ("issuing_body", "Cơ quan ban hành"),
        ("version", "Phiên bản"),
        ("valid_from", "Áp dụng từ ngày"),
    ]:
        if not meta.get(key):
            result.problems.append(Problem(None, f"Thiếu dòng “{label}: …”."))
    if meta.get("code") and not re.fullmatch(r"[a-z0-9-]{2,60}", meta["code"]):
        result.problems.append(
            Problem(None, "Mã bộ tiêu chí chỉ gồm chữ thường không dấu, số và “-”.")
        )
    if meta.get("version"):
        if not str(meta["version"]).isdigit():
            result.problems.append(Problem(None, "Phiên bản phải là số (1, 2, …)."))
        else:
            meta["version"] = int(meta["version"])
    if meta.get("valid_from"):
        day = _date(str(meta["valid_from"]))
        if day is None:
            result.problems.append(
                Problem(None, "Ngày áp dụng phải viết dạng 01/01/2024.")
            )
        meta["valid_from"] = day
    meta["is_local_draft"] = DRAFT_WORDS in search_key(str(meta.get("status", "")))
    meta["subject"] = (
        Subject.TEAM
        if search_key(str(meta.get("subject", ""))).split()[:1] == [TEAM_WORDS]
        else Subject.UNIT
    )


def _check_points(
    result: CriteriaImport, declared_total: tuple[int, Decimal] | None
) -> None:
    if not result.groups and not result.problems:
        result.problems.append(Problem(None, "Bộ tiêu chí chưa có nhóm, tiêu chí nào."))
    for group in result.groups:
        if not group.criteria:
            result.problems.append(
                Problem(
                    group.row,
                    f"Dòng {group.row}: nhóm {group.number} không có tiêu chí.",
                )
            )
            continue
        added = sum((c.max_points for c in group.criteria), Decimal(0))
        if added != group.max_points:
            result.problems.append(
                Problem(
                    group.row,
                    f"Dòng {group.row}: nhóm {group.number} có điểm tối đa "
                    f"{format_number(group.max_points)} nhưng các tiêu chí cộng lại "
                    f"{format_number(added)}.",
                )
            )
    if declared_total:
        row, total = declared_total
        added = sum((g.max_points for g in result.groups), Decimal(0))
        if added != total:
            result.problems.append(
                Problem(
                    row,
                    f"Dòng {row}: tổng điểm ghi {format_number(total)} nhưng các nhóm "
                    f"cộng lại {format_number(added)}.",
                )
            )


@transaction.atomic
def criteria_import(
    *, actor: Actor, data: bytes, filename: str, dry_run: bool = False
) -> CriteriaImport:
    """Read a scoring table; store it as a new criteria-set version unless any
    problem was found (or `dry_run`)."""
    try:
        sheets = read_workbook(data, filename)
    except SpreadsheetError as exc:
        return CriteriaImport(problems=[Problem(None, exc.message)])
    result = parse_criteria(sheets[0].rows)
    meta = result.meta
    if (
        result.ok
        and CriteriaSet.objects.filter(
            code=meta["code"], version=meta["version"]
        ).exists()
    ):
        result.problems.append(
            Problem(
                None,
                f"Bộ tiêu chí “{meta['code']}” đã có phiên bản {meta['version']}; "
                "phiên bản đã có không sửa được, hãy ghi phiên bản mới.",
            )
        )
    if not result.ok or dry_run:
        return result
    cset = CriteriaSet.objects.create(
        code=meta["code"],
        name=meta["name"][:255],
        issuing_body=meta["issuing_body"][:255],
        version=meta["version"],
        valid_from=meta["valid_from"],
        is_local_draft=meta["is_local_draft"],
        subject=meta["subject"],
        source_file=filename[:255],
        created_by=user_row(actor),
    )
    for g_order, group in enumerate(result.groups, start=1):
        g = CriteriaGroup.objects.create(
            criteria_set=cset,
            order=g_order,
            number=group.number,
            name=group.name[:255],
            max_points=group.max_points,
        )
        Criterion.objects.bulk_create(
            Criterion(
                group=g,
                order=c_order,
                number=c.number,
                name=c.name[:500],
                max_points=c.max_points,
                method=c.method,
                rule_text=c.rule_text[:500],
                params=c.params,
                sources=c.sources[:300],
                evidence=c.evidence[:500],
                verifier=c.verifier[:255],
            )
            for c_order, c in enumerate(group.criteria, start=1)
        )
    audit.record(
        actor=actor,
        action="criteria_set.import",
        obj=cset,
        after={"code": cset.code, "version": cset.version, "file": filename[:200]},
    )
    result.stored = cset
    return result


def criteria_export(cset: CriteriaSet) -> bytes:
    """The set in the same layout `criteria_import` reads (a round trip)."""
    rows: list[list[Any]] = []
    for group in cset.groups.prefetch_related("criteria"):
        rows.append([group.number, group.name, _num(group.max_points), "", "", "", ""])
        for c in group.criteria.all():
            rows.append(
                [
                    c.number,
                    c.name,
                    _num(c.max_points),
                    c.rule_text,
                    c.evidence,
                    c.sources,
                    c.verifier,
                ]
            )
    rows.append(["", "Tổng cộng", _num(cset.max_points), "", "", "", ""])
    return write_table(
        title=cset.name,
        preamble=[
            f"Mã bộ tiêu chí: {cset.code}",
            f"Tên bộ tiêu chí: {cset.name}",
            f"Cơ quan ban hành: {cset.issuing_body}",
            f"Phiên bản: {cset.version}",
            f"Áp dụng từ ngày: {format_date(cset.valid_from)}",
            "Tình trạng: "
            + ("Dự thảo của địa phương" if cset.is_local_draft else "Chính thức"),
            f"Áp dụng cho: {Subject(cset.subject).label}",
        ],
        header=HEADER,
        rows=rows,
        sheet_name="Bộ tiêu chí",
        widths=[6, 50, 10, 40, 35, 35, 25],
    )


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
