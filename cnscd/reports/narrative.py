"""The report's text, drafted from its figures in plain Vietnamese.

Pure functions of a ReportContent: sections of headings, paragraphs and
bullets that the Word, PDF and page renderers all lay out the same way.
Numbers are written the Vietnamese way (316.105; "hơn 316.000"; 89,5%).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cnscd.core.formatting import (
    format_date,
    format_decimal,
    format_number,
    format_percent,
    name_list,
)
from cnscd.core.text import lower_first
from cnscd.evaluation.choices import Subject
from cnscd.evaluation.selectors import EvaluationTable, band_rules
from cnscd.indicators.choices import Pillar
from cnscd.reports.models import ReportDocument
from cnscd.reports.selectors import Figure, ReportContent
from cnscd.units.choices import Level

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
CHILD_NAMES: dict[str, tuple[str, str]] = {
    Level.PROVINCE: ("tỉnh, thành phố", "CẤP TỈNH"),
    Level.DISTRICT: ("huyện, thị xã, thành phố", "CẤP HUYỆN"),
    Level.COMMUNE: ("xã, phường, thị trấn", "CẤP XÃ"),
    Level.VILLAGE: ("thôn, khu dân cư", "CẤP THÔN"),
}
# How the lead sentence says an appendix figure; {v} is the number.
PHRASES = {
    "training_sessions": "tổ chức {v} buổi hội nghị, tập huấn",
    "members_trained": "tập huấn cho {v} thành viên Tổ CNSCĐ",
    "citizens_guided": "hướng dẫn {v} người dân sử dụng dịch vụ số",
    "dvc_accounts_created": "hỗ trợ tạo {v} tài khoản dịch vụ công trực tuyến",
    "vneid_accounts_created": "{v} tài khoản định danh điện tử VNeID",
    "ocop_products": "có {v} sản phẩm OCOP",
    "ocop_products_online": "{v} sản phẩm OCOP được đưa lên sàn thương mại điện tử",
    "activity_sessions": "ghi vào nhật ký hoạt động {v} buổi hướng dẫn",
    "activity_people_guided": "hướng dẫn {v} lượt người dân",
}
# "Not yet active" is read from this column when the form has it.
ACTIVITY = "training_sessions"
HIGHLIGHTS = ("training_sessions", "citizens_guided")
ROUND_FROM = 10_000
# Left blank for the number and date written at signing (kept by Word and PDF).
BLANK = "\u00a0" * 6
TO_FILL = "(Nội dung do đơn vị soạn thảo bổ sung.)"


@dataclass
class Block:
    text: str
    kind: str = "para"  # "heading" | "para" | "bullet"

    @property
    def heading(self) -> bool:
        return self.kind == "heading"


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, text: str, kind: str = "para") -> None:
        self.blocks.append(Block(text, kind))


def num(value: Decimal | int | float | None) -> str:
    return format_number(value) if value is not None else "—"


def about(value: Decimal | int) -> str:
    """Large figures rounded down the way reports say them: 316.105 → "hơn
    316.000 (316.105)"; below 10.000 or already round, the figure itself."""
    whole = int(value)
    if whole < ROUND_FROM:
        return num(value)
    step = 1000 if whole < 1_000_000 else 100_000
    rounded = whole // step * step
    if rounded == whole:
        return num(value)
    return f"hơn {num(rounded)} ({num(value)})"


def change(value: Decimal | None, previous: Decimal | None) -> str:
    """ "tăng 12,5% so với kỳ trước (1.200)" — or "" when there is nothing to
    compare with."""
    if value is None or previous is None:
        return ""
    if previous == 0:
        return "" if value == 0 else "tăng từ 0 ở kỳ trước"
    pct = (value - previous) / previous * 100
    if pct == 0:
        return f"bằng kỳ trước ({num(previous)})"
    word = "tăng" if pct > 0 else "giảm"
    return (
        f"{word} {format_percent(abs(round(pct, 1)))} so với kỳ trước ({num(previous)})"
    )


def where(content: ReportContent) -> str:
    """ "tỉnh Hải Dương"; the country's figures are "cả nước"."""
    if content.unit.level == Level.COUNTRY:
        return "cả nước"
    return lower_first(content.unit.name)


def header_date(doc: ReportDocument) -> str:
    """ "Hải Dương, ngày 08 tháng 8 năm 2023" (Decree 30: a leading zero on days
    under 10 and on months 1 and 2); blanks to fill by hand when undated."""
    d = doc.issued_on
    if d is None:
        return f"{doc.place}, ngày{BLANK}tháng{BLANK}năm {timezone.localdate().year}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{doc.place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def number_line(doc: ReportDocument) -> str:
    return f"Số: {doc.number or BLANK}/BC-{doc.issuer_code}"


def attached_to(doc: ReportDocument) -> str:
    day = format_date(doc.issued_on) if doc.issued_on else f"{BLANK}/{BLANK}/"
    return (
        f"(Kèm theo Báo cáo số {doc.number or BLANK}/BC-{doc.issuer_code} "
        f"ngày {day} của {doc.agency})"
    )


def recipients(doc: ReportDocument) -> list[str]:
    """Decree 30: each entry "- …;", the last one "- …."."""
    lines = [
        ln.strip().lstrip("-").strip().rstrip(";.")
        for ln in doc.recipients.splitlines()
    ]
    lines = [ln for ln in lines if ln]
    return [
        f"- {ln}{'.' if i == len(lines) - 1 else ';'}" for i, ln in enumerate(lines)
    ]


def free_text(text: str) -> list[Block]:
    """The officer's text: one block per line, "- " lines as bullets."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        out.append(
            Block(line, "bullet" if line.startswith(("-", "+", "•")) else "para")
        )
    return out


# --- sections ------------------------------------------------------------------------


def sections(content: ReportContent) -> list[Section]:
    doc = content.document
    children = _children(content)
    out = [
        _situation(content),
        _results(content),
        *([children] if children.blocks else []),
        _free("BÀI HỌC KINH NGHIỆM", doc.lessons),
        _free(
            "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
            doc.difficulties or suggested_difficulties(content),
        ),
        _free(
            "ĐỊNH HƯỚNG TRIỂN KHAI TRONG THỜI GIAN TỚI",
            doc.directions or suggested_directions(content),
        ),
    ]
    for i, s in enumerate(out):
        s.title = f"{ROMAN[i]}. {s.title}"
    return out


def _free(title: str, text: str) -> Section:
    return Section(title, free_text(text) or [Block(TO_FILL)])


def _situation(content: ReportContent) -> Section:
    s = Section("ĐẶC ĐIỂM TÌNH HÌNH")
    cov = content.coverage
    if not (cov.committees or cov.teams):
        s.add(
            f"Đến ngày {format_date(content.day)}, hệ thống chưa ghi nhận tổ chỉ đạo "
            f"hay Tổ Công nghệ số cộng đồng nào trên địa bàn {where(content)}."
        )
        return s
    s.add(
        f"Đến ngày {format_date(content.day)}, trên địa bàn {where(content)} có "
        f"{num(cov.committees)} tổ chỉ đạo công nghệ số cộng đồng các cấp với "
        f"{num(cov.committee_members)} thành viên; {num(cov.teams)} Tổ Công nghệ số "
        f"cộng đồng (Tổ CNSCĐ) cấp thôn, khu dân cư với {num(cov.team_members)} "
        "thành viên."
    )
    if cov.villages:
        share = 100 * cov.villages_with_team / cov.villages
        s.add(
            f"{num(cov.villages_with_team)}/{num(cov.villages)} thôn, khu dân cư đã "
            f"có Tổ CNSCĐ (đạt {format_percent(round(share, 1))}); bình quân "
            f"{format_number(cov.members_per_team, 1)} thành viên mỗi Tổ."
        )
    if cov.children and content.child_level:
        s.add(
            f"{num(cov.children_with_decision)}/{num(len(cov.children))} "
            f"{child_names(content)[0]} đã ban hành quyết định thành lập tổ chỉ đạo "
            "hoặc Tổ CNSCĐ."
        )
    return s


def _results(content: ReportContent) -> Section:
    s = Section("KẾT QUẢ TRIỂN KHAI")
    lead = _lead(content)
    if lead:
        s.add(lead)
    number = 0
    for pillar in Pillar:
        figures = [f for f in content.figures if f.indicator.pillar == pillar]
        if not figures:
            continue
        number += 1
        s.add(f"{number}. Về {lower_first(pillar.label)}", "heading")
        for i, f in enumerate(figures):
            s.add(_figure_line(f, last=i == len(figures) - 1), "bullet")
    if not s.blocks:
        s.add(
            f"Chưa có số liệu kết quả nào của {lower_first(content.period.label)} "
            "được báo cáo trên hệ thống."
        )
    return s


def _lead(content: ReportContent) -> str:
    if content.appendix is None:
        return ""
    parts = []
    figures = {f.indicator.code: f.value for f in content.figures}
    for c in content.appendix.columns:
        value = figures.get(c.code)
        if value is None:
            continue
        phrase = PHRASES.get(c.code)
        if phrase:
            parts.append(phrase.format(v=about(value)))
        else:
            parts.append(f"{lower_first(c.name)}: {num(value)} {c.measure}")
    if not parts:
        return ""
    return (
        f"Trong {lower_first(content.period.label)}, "
        f"các Tổ CNSCĐ trên địa bàn {where(content)} đã " + "; ".join(parts) + "."
    )


def _figure_line(f: Figure, *, last: bool = False) -> str:
    ind = f.indicator
    text = f"{ind.name}: {num(f.value)} {ind.measure}"
    notes = [n for n in [change(f.value, f.previous)] if n]
    if f.target and f.value is None:  # no figure is not "0% of the target"
        notes.append(f"chưa có số liệu so với chỉ tiêu {num(f.target)}")
    elif f.target and f.value is not None:
        pct = round(f.value / f.target * 100, 1)
        notes.append(f"đạt {format_percent(pct)} chỉ tiêu {num(f.target)}")
    if notes:
        text += " (" + "; ".join(notes) + ")"
    return text + ("." if last else ";")


def child_names(content: ReportContent) -> tuple[str, str]:
    """How the text names the child units, and section III's level."""
    level = content.child_level or ""
    if level == Level.COMMUNE and content.unit.structure == "2025":
        return "xã, phường, đặc khu", "CẤP XÃ"
    return CHILD_NAMES.get(level, ("đơn vị trực thuộc", "CẤP DƯỚI"))


def _names(units: list[Any]) -> str:
    return name_list([u.short_name for u in units])


def _idle_and_unknown(table: Any) -> tuple[list[Any], list[Any]]:
    """Units that reported no session (a known 0) and units with no figure at
    all: a blank is not zero (issue #14, item 2)."""
    idle = [r.unit for r in table.rows if r.values.get(ACTIVITY) == 0]
    unknown = [r.unit for r in table.rows if r.values.get(ACTIVITY) is None]
    return idle, unknown


def _children(content: ReportContent) -> Section:
    label, title = child_names(content)
    s = Section(f"KẾT QUẢ TRIỂN KHAI {title}")
    table = content.appendix
    if table is None or not table.rows:
        return s
    n = 0
    columns = {c.code: c for c in table.columns}
    shown = [code for code in HIGHLIGHTS if code in columns] or [table.columns[0].code]
    lines = []
    for code in shown:
        ranked = sorted(
            (r for r in table.rows if r.values.get(code)),
            key=lambda r: (-(r.values[code] or 0), r.unit.code),
        )[:3]
        if ranked:
            lines.append(
                f"Dẫn đầu về {lower_first(columns[code].name)}: "
                + ", ".join(
                    f"{r.unit.short_name} ({num(r.values[code])})" for r in ranked
                )
                + "."
            )
    if ACTIVITY in columns:
        idle, unknown = _idle_and_unknown(table)
        if idle:
            lines.append(
                f"{num(len(idle))}/{num(len(table.rows))} {label} chưa tổ chức buổi "
                f"hội nghị, tập huấn nào: {_names(idle)}."
            )
        if unknown:
            lines.append(
                f"{num(len(unknown))}/{num(len(table.rows))} {label} chưa có số liệu "
                f"về buổi hội nghị, tập huấn: {_names(unknown)}."
            )
    if lines:
        n += 1
        s.add(f"{n}. Kết quả nổi bật", "heading")
        for line in lines:
            s.add(line, "bullet")
    if content.evaluation and content.evaluation.rows:
        n += 1
        s.add(f"{n}. Phân loại và xếp hạng", "heading")
        for line in _classification(content.evaluation):
            s.add(line, "bullet")
    if content.behind:
        n += 1
        s.add(f"{n}. Tiến độ so với chỉ tiêu", "heading")
        for p in content.behind[:5]:
            target = num(p.target.value if p.target else None)
            s.add(
                f"{p.unit.short_name}: {lower_first(p.indicator.name)} chưa có số "
                f"liệu so với chỉ tiêu {target}."
                if p.achieved is None
                else f"{p.unit.short_name}: {lower_first(p.indicator.name)} đạt "
                f"{num(p.achieved)}/{target} ({format_percent(p.percent or 0)}), "
                f"còn thiếu {num(p.behind)} so với tiến độ.",
                "bullet",
            )
    quality = (
        _completeness(content, label)
        + [f.message for f in content.findings]
        + _logged_share(content)
    )
    if quality:
        n += 1
        s.add(f"{n}. Tình hình báo cáo và lưu ý về số liệu", "heading")
        for line in quality:
            s.add(line, "bullet")
    return s


def _classification(table: EvaluationTable) -> list[str]:
    cset = table.criteria_set
    draft = cset.is_local_draft and "dự thảo" not in cset.name
    lines = [
        f"Theo {cset.name} (phiên bản {cset.version}"
        + (", dự thảo của địa phương" if draft else "")
        + "):"
    ]
    order = [b.name for b in band_rules(table.band_set)]
    noun = "thôn, tổ dân phố" if cset.subject == Subject.TEAM else "đơn vị"
    groups: dict[str, list[Any]] = {}
    for r in sorted(table.rows, key=lambda r: r.unit.code):
        if r.band:
            groups.setdefault(r.band, []).append(r.unit)
    for band in sorted(groups, key=lambda b: order.index(b) if b in order else 99):
        units = groups[band]
        lines.append(f"{band}: {num(len(units))} {noun} ({_names(units)}).")
    top = [r for r in table.rows if r.rank is not None][:3]
    if top:
        lines.append(
            "Điểm cao nhất: "
            + ", ".join(
                f"{r.unit.short_name} ({format_decimal(r.score)} điểm)" for r in top
            )
            + "."
        )
    return lines


def _logged_share(content: ReportContent) -> list[str]:
    """How much of the guidance the unit reported its teams also logged: the
    two sources side by side (never added: ADR 0011)."""
    values = {f.indicator.code: f.value for f in content.figures}
    reported, logged = (
        values.get("citizens_guided"),
        values.get("activity_people_guided"),
    )
    if not reported or logged is None:
        return []
    return [
        f"Nhật ký hoạt động của các Tổ CNSCĐ ghi {num(logged)} lượt người dân được "
        f"hướng dẫn, bằng {format_percent(float(logged * 100 / reported))} số người "
        f"dân được hướng dẫn đã báo cáo ({num(reported)})."
    ]


def _completeness(content: ReportContent, label: str) -> list[str]:
    rows = content.completeness
    if not rows:
        return []
    missing = [r.unit for r in rows if r.sent == 0]
    partial = [r for r in rows if r.sent and not r.complete]
    late = [r.unit for r in rows if r.late]
    shown = ", ".join(
        f"{r.unit.short_name} ({num(r.sent)}/{num(len(r.reports))} kỳ)" for r in partial
    )
    return [
        f"{num(sum(1 for r in rows if r.complete))}/{num(len(rows))} {label} "
        "đã gửi báo cáo"
        + (f"; chưa gửi: {_names(missing)}" if missing else "")
        + (f"; gửi chưa đủ kỳ: {shown}" if partial else "")
        + (f"; gửi muộn: {_names(late)}" if late else "")
        + "."
    ]


# --- suggestions for the free-text sections ----------------------------------------


def suggested_difficulties(content: ReportContent) -> str:
    """Drafted from the figures; the officer edits it before generating."""
    lines = []
    cov = content.coverage
    if cov.villages and cov.villages_with_team < cov.villages:
        lines.append(
            f"- Còn {num(cov.villages - cov.villages_with_team)} thôn, khu dân cư "
            "chưa có Tổ CNSCĐ."
        )
    if cov.teams_small:
        lines.append(
            f"- {num(cov.teams_small)} Tổ CNSCĐ có dưới 3 thành viên, chưa đủ lực "
            "lượng đi từng ngõ, gõ từng nhà."
        )
    table = content.appendix
    if table is not None and ACTIVITY in {c.code for c in table.columns}:
        idle, _ = _idle_and_unknown(table)
        if idle:
            lines.append(
                f"- Một số địa phương chưa tổ chức tập huấn cho Tổ CNSCĐ: {_names(idle)}."
            )
    if content.findings:
        lines.append(
            f"- Số liệu báo cáo của một số đơn vị còn {num(len(content.findings))} "
            "điểm bất thường cần kiểm tra lại (xem mục kết quả cấp dưới)."
        )
    return "\n".join(lines)


def suggested_directions(content: ReportContent) -> str:
    """Next steps drafted from what the figures show is missing."""
    lines = []
    table = content.appendix
    if table is not None and ACTIVITY in {c.code for c in table.columns}:
        idle, _ = _idle_and_unknown(table)
        if idle:
            lines.append(f"- Tổ chức tập huấn cho Tổ CNSCĐ tại {_names(idle)}.")
    by_indicator: dict[str, list[Any]] = {}
    unreported: dict[str, list[Any]] = {}
    for p in content.behind:
        into = by_indicator if p.achieved is not None else unreported
        into.setdefault(lower_first(p.indicator.name), []).append(p.unit)
    for name, units in by_indicator.items():
        lines.append(f"- Đẩy nhanh tiến độ {name} tại {_names(units[:5])}.")
    for name, units in unreported.items():
        lines.append(f"- Đôn đốc báo cáo số liệu {name} tại {_names(units[:5])}.")
    cov = content.coverage
    if cov.villages and cov.villages_with_team < cov.villages:
        lines.append(
            f"- Thành lập Tổ CNSCĐ tại {num(cov.villages - cov.villages_with_team)} "
            "thôn, khu dân cư còn lại."
        )
    if content.evaluation and content.evaluation.criteria_set.is_local_draft:
        lines.append(
            "- Ban hành bộ tiêu chí đánh giá hiệu quả hoạt động của Tổ CNSCĐ áp dụng "
            "thống nhất trên cả nước."
            if content.unit.level == Level.COUNTRY
            else "- Áp dụng bộ tiêu chí đánh giá hiệu quả hoạt động của Tổ CNSCĐ ngay "
            "khi Bộ ban hành."
        )
    return "\n".join(lines)


def suggestions(content: ReportContent) -> dict[str, str]:
    return {
        "difficulties": suggested_difficulties(content),
        "directions": suggested_directions(content),
    }
