"""The default Word template of the report (Decree 30/2020/NĐ-CP layout).

Built with python-docx and filled with docxtpl. A province downloads it,
restyles it in Word (fonts, spacing, its own header lines) and uploads it
back; the tags between {{ }} and {% %} are the only part it must keep.
"""

import functools
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"


def set_fonts(element: object, name: str = FONT) -> None:
    """All four font slots, or Word falls back to another font for Vietnamese
    letters (STACK.md)."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)


def _para(
    where: object,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    after: float = 6,
) -> Paragraph:
    p: Paragraph = where.add_paragraph()  # type: ignore[attr-defined]
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1)
    return p


def _drop_first_paragraph(cell: _Cell) -> None:
    """A new cell holds an empty paragraph; the content is added after it."""
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)


CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    set_fonts(normal.element)
    normal.paragraph_format.line_spacing = 1.15

    # Header: issuing body top left, the national motto top right.
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    for cell in (left, right):
        _drop_first_paragraph(cell)
    _para(left, "{{ agency_parent }}", size=13, align=CENTER, after=0)
    _para(left, "{{ agency }}", bold=True, size=13, align=CENTER, after=0)
    _para(left, "───────", size=13, align=CENTER, after=0)
    _para(left, "{{ number_line }}", size=13, align=CENTER, after=0)
    _para(
        right,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        bold=True,
        size=13,
        align=CENTER,
        after=0,
    )
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, align=CENTER, after=0)
    _para(right, "───────────────", align=CENTER, after=0)
    _para(right, "{{ date_line }}", italic=True, align=CENTER, after=0)

    _para(doc, after=6)
    _para(doc, "BÁO CÁO", bold=True, align=CENTER, after=0)
    _para(doc, "{{ title }}", bold=True, align=CENTER, after=12)

    # The sections: a bold title, then headings, paragraphs and bullets.
    _para(doc, "{%p for s in sections %}")
    _para(doc, "{{ s.title }}", bold=True, align=JUSTIFY, indent=True)
    _para(doc, "{%p for b in s.blocks %}")
    _para(doc, "{%p if b.heading %}")
    _para(doc, "{{ b.text }}", bold=True, align=JUSTIFY, indent=True)
    _para(doc, "{%p else %}")
    _para(doc, "{{ b.line }}", align=JUSTIFY, indent=True)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{{ closing }}", align=JUSTIFY, indent=True)

    # Recipients bottom left, signature block bottom right.
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    for cell in (left, right):
        _drop_first_paragraph(cell)
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, after=0)
    _para(left, "{%p for r in recipients %}", after=0)
    _para(left, "{{ r }}", size=11, after=0)
    _para(left, "{%p endfor %}", after=0)
    _para(right, "{{ signer_role }}", bold=True, align=CENTER, after=0)
    _para(right, "{{ signer_title }}", bold=True, align=CENTER, after=0)
    for _ in range(4):
        _para(right, after=0)
    _para(right, "{{ signer_name }}", bold=True, align=CENTER, after=0)

    # The appendix on its own page.
    _para(doc, "{%p if appendix %}")
    doc.add_page_break()  # type: ignore[no-untyped-call]
    _para(doc, "PHỤ LỤC", bold=True, align=CENTER, after=0)
    _para(doc, "{{ appendix.title }}", bold=True, align=CENTER, after=0)
    _para(doc, "{{ appendix.attached_to }}", italic=True, align=CENTER, after=12)
    _para(doc, "{{p appendix_table }}")
    _para(doc, "{%p endif %}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@functools.cache
def default_template() -> bytes:
    return build()
