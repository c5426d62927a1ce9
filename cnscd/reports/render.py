"""The report as .docx (docxtpl template), .xlsx (openpyxl) and .pdf
(WeasyPrint), all from one context so the three say the same thing."""

import io
from typing import Any

from django.template.loader import render_to_string

from cnscd.core.formatting import format_date
from cnscd.core.numbers import plain
from cnscd.core.text import lower_first
from cnscd.core.xlsx import Sheet, write_workbook
from cnscd.indicators.exports import pivot_header, pivot_rows
from cnscd.reports import narrative
from cnscd.reports.docx_template import set_fonts
from cnscd.reports.sandbox import ReportEnvironment
from cnscd.reports.selectors import ReportContent

CHILD_HEADER = {
    "district": "Huyện/TX/TP",
    "commune": "Xã/phường/thị trấn",
    "village": "Thôn/khu dân cư",
}


OTHERS_HEADER = ["STT", "Số liệu", "Giá trị", "Nguồn"]


def other_figures(content: ReportContent) -> list[list[str]]:
    """Every figure the narrative states that the appendix's table does not
    hold — the network and the indicators outside the form (enterprise and
    partner figures, the activity log) — so that every figure of the report is
    read from an appendix. Rows: STT, what, value, where it comes from."""
    cov = content.coverage
    registry = f"Sổ đăng ký Tổ CNSCĐ, đến ngày {format_date(content.day)}"
    rows: list[tuple[str, Any, str]] = []
    if cov.committees or cov.teams:
        rows += [
            ("Tổ chỉ đạo công nghệ số cộng đồng các cấp", cov.committees, registry),
            ("Thành viên tổ chỉ đạo", cov.committee_members, registry),
            ("Tổ CNSCĐ cấp thôn, khu dân cư", cov.teams, registry),
            ("Thành viên Tổ CNSCĐ", cov.team_members, registry),
        ]
    if cov.villages:
        rows += [
            ("Thôn, khu dân cư", cov.villages, registry),
            ("Thôn, khu dân cư đã có Tổ CNSCĐ", cov.villages_with_team, registry),
        ]
    shown = {c.code for c in content.appendix.columns} if content.appendix else set()
    source = f"Số liệu tổng hợp {lower_first(content.period.label)}"
    rows += [
        (f"{f.indicator.name} ({f.indicator.measure})", f.value, source)
        for f in content.figures
        if f.indicator.code not in shown and f.value is not None
    ]
    return [
        [str(i), what, narrative.num(value), where]
        for i, (what, value, where) in enumerate(rows, start=1)
    ]


def appendix_table(content: ReportContent) -> dict[str, Any] | None:
    """STT, unit, one column per indicator; the total row is the sum of the
    rows shown (the pivot's total). Then the report's other figures."""
    table = content.appendix
    others = other_figures(content)
    if table is None and not others:
        return None
    out: dict[str, Any] = {
        "title": "CÁC SỐ LIỆU NÊU TRONG BÁO CÁO",
        "attached_to": narrative.attached_to(content.document),
        "header": [],
        "rows": [],
        "total": [],
        "after": [],
        "others_header": OTHERS_HEADER,
        "others": others,
    }
    if table is None:
        return out
    level = content.child_level or ""
    rows = pivot_rows(table, narrative.num, lambda u: u.short_name)
    shown = len(table.rows)
    # The total row, then the unit's own figure where it reported one: that
    # row reads like a unit's, under the total.
    return out | {
        "title": (f"{table.form.name.upper()} — {content.period.label.upper()}"),
        "header": pivot_header(
            table,
            "Xã/phường/đặc khu"
            if level == "commune" and content.unit.structure == "2025"
            else CHILD_HEADER.get(level, "Đơn vị"),
        ),
        "rows": [[str(r[0]), *r[1:]] for r in rows[:shown]],
        "total": rows[shown],
        "after": [[str(r[0]), *r[1:]] for r in rows[shown + 1 :]],
    }


# What a Word template may read: the context's names and the keys inside them
# (a section, a block, the appendix). The sandbox refuses any other tag.
TEMPLATE_NAMES = frozenset(
    {
        "agency_parent",
        "agency",
        "number_line",
        "date_line",
        "title",
        "sections",
        "closing",
        "recipients",
        "signer_role",
        "signer_title",
        "signer_name",
        "appendix",
        "appendix_table",
    }
)
TEMPLATE_ATTRIBUTES = frozenset(
    {"title", "blocks", "text", "heading", "bullet", "line"}
    | {"attached_to", "header", "rows", "total", "after", "others", "others_header"}
)


def template_environment() -> ReportEnvironment:
    return ReportEnvironment(TEMPLATE_NAMES, TEMPLATE_ATTRIBUTES)


def context(content: ReportContent) -> dict[str, Any]:
    doc = content.document
    sections = [
        {
            "title": s.title,
            "blocks": [
                {
                    "text": b.text,
                    "heading": b.heading,
                    "bullet": b.kind == "bullet",
                    "line": (
                        b.text
                        if b.kind != "bullet" or b.text.startswith(("-", "+", "•"))
                        else f"- {b.text}"
                    ),
                }
                for b in s.blocks
            ],
        }
        for s in narrative.sections(content)
    ]
    title = doc.title.strip()
    return {
        "agency_parent": doc.agency_parent.upper(),
        "agency": doc.agency.upper(),
        "number_line": narrative.number_line(doc),
        "date_line": narrative.header_date(doc),
        "title": title,
        "sections": sections,
        "closing": f"Trên đây là báo cáo {lower_first(title)}./.",
        "recipients": narrative.recipients(doc),
        "signer_role": doc.signer_role.upper(),
        "signer_title": doc.signer_title.upper(),
        "signer_name": doc.signer_name,
        "appendix": appendix_table(content),
        "appendix_table": None,
    }


# --- Word --------------------------------------------------------------------------


def _grid(
    sub: Any, header: list[str], rows: list[list[str]], widths: list[float], bold: int
) -> None:
    """A bordered table: STT centred, the name column left, figures right;
    the header and row `bold` in bold."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    table = sub.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Row by row: table.cell(r, c) rebuilds the grid on every call (O(n²)).
    for r, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Cm(widths[c])
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            p.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER
                if r == 0 or c == 0
                else WD_ALIGN_PARAGRAPH.LEFT
                if c == 1
                else WD_ALIGN_PARAGRAPH.RIGHT
            )
            run = p.add_run(value)
            run.bold = r in (0, bold)
            run.font.size = Pt(10 if r == 0 else 11)
            set_fonts(run._element)


def render_docx(content: ReportContent, template: bytes) -> bytes:
    from docx.shared import Pt
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    ctx = context(content)
    appendix = ctx["appendix"]
    if appendix:
        sub = tpl.new_subdoc()
        header = appendix["header"]
        if header:
            rest = (16.5 - 4.3) / max(1, len(header) - 2)
            rows = [*appendix["rows"], appendix["total"], *appendix["after"]]
            # The header is row 0, the total follows the units' rows.
            bold = len(appendix["rows"]) + 1
            _grid(sub, header, rows, [1.0, 3.3, *[rest] * (len(header) - 2)], bold)
        if appendix["others"]:
            if header:
                p = sub.add_paragraph()
                p.paragraph_format.space_before = Pt(12)
                run = p.add_run("CÁC SỐ LIỆU KHÁC NÊU TRONG BÁO CÁO")
                run.bold = True
                set_fonts(run._element)
            _grid(sub, OTHERS_HEADER, appendix["others"], [1.0, 8.0, 2.5, 5.0], -1)
        ctx["appendix_table"] = sub
    tpl.render(ctx, jinja_env=template_environment(), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


# --- Excel -------------------------------------------------------------------------


def render_xlsx(content: ReportContent) -> bytes:
    """The appendix and every table of the report, numbers kept as numbers."""
    sheets = []
    table = content.appendix
    a = appendix_table(content)
    if table is not None and a is not None:
        sheets.append(
            Sheet(
                "PHỤ LỤC",
                a["header"],
                pivot_rows(table, plain, lambda u: u.short_name),
                name="Phụ lục",
                widths=[6, 24, *[16] * len(table.columns)],
                preamble=[a["title"], a["attached_to"]],
                bold_last_row=True,
            )
        )
    sheets.append(
        Sheet(
            f"KẾT QUẢ THEO TRỤ CỘT — {content.unit.name.upper()} — {content.period.label}",
            [
                "Trụ cột",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Kỳ này",
                "Kỳ trước",
                "Chỉ tiêu giao",
                "Tỷ lệ đạt (%)",
            ],
            [
                [
                    f.indicator.get_pillar_display(),
                    f.indicator.name,
                    f.indicator.measure,
                    plain(f.value),
                    plain(f.previous),
                    plain(f.target),
                    float(round(f.value / f.target * 100, 1))
                    if f.target and f.value is not None
                    else None,
                ]
                for f in content.figures
            ],
            name="Kết quả",
            widths=[16, 48, 14, 14, 14, 14, 12],
        )
    )
    cov = content.coverage
    sheets.append(
        Sheet(
            f"MẠNG LƯỚI TỔ CNSCĐ ĐẾN NGÀY {content.day:%d/%m/%Y}",
            [
                "Đơn vị",
                "Đã có quyết định thành lập",
                "Tổ chỉ đạo",
                "Tổ CNSCĐ",
                "Thành viên",
            ],
            [
                *[
                    [
                        c.unit.short_name,
                        c.has_decision,
                        c.committees,
                        c.teams,
                        c.members,
                    ]
                    for c in cov.children
                ],
                *(
                    [
                        [
                            f"{content.unit.name} (cấp đơn vị)",
                            None,
                            own.committees,
                            own.teams,
                            own.members,
                        ]
                    ]
                    if (own := cov.own) is not None
                    else []
                ),
                # The same object as the narrative's figures: rows add up to it.
                ["Tổng cộng", None, cov.committees, cov.teams, cov.members],
            ],
            name="Mạng lưới",
            widths=[28, 16, 12, 12, 12],
            bold_last_row=True,
        )
    )
    if content.evaluation is not None:
        ev = content.evaluation
        sheets.append(
            Sheet(
                f"PHÂN LOẠI VÀ XẾP HẠNG — {ev.criteria_set}",
                ["Hạng", "Đơn vị", "Điểm", "Xếp loại", "Lý do xếp loại"],
                [
                    [
                        r.rank,
                        r.unit.short_name,
                        None if r.known_score is None else float(r.known_score),
                        r.band or "",
                        r.band_reason,
                    ]
                    for r in ev.rows
                ],
                name="Xếp loại",
                widths=[8, 24, 10, 30, 60],
            )
        )
    if content.findings:
        # Names, never internal codes (GSO codes, indicator codes).
        units = {r.unit.code: r.unit.short_name for r in table.rows} if table else {}
        names = {c.code: c.name for c in table.columns} if table else {}
        sheets.append(
            Sheet(
                "LƯU Ý VỀ SỐ LIỆU",
                ["Mức độ", "Đơn vị", "Chỉ tiêu", "Nội dung"],
                [
                    [
                        {"error": "Lỗi", "warning": "Cảnh báo"}.get(
                            f.severity, "Thông tin"
                        ),
                        units.get(f.unit_code or "", f.unit_code or ""),
                        names.get(f.column or "", f.column or ""),
                        f.message,
                    ]
                    for f in content.findings
                ],
                name="Lưu ý số liệu",
                widths=[12, 24, 36, 90],
            )
        )
    return write_workbook(sheets)


# --- PDF ---------------------------------------------------------------------------


def render_html(content: ReportContent) -> str:
    return render_to_string("reports/document.html", context(content))


def render_pdf(content: ReportContent) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_html(content)).write_pdf()
    return pdf
