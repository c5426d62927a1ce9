"""A restyled Word template is data, never code (issue #13, item 1).

Every tag of an uploaded template is checked against the report's grammar;
rendering runs in Jinja's immutable sandbox with no globals; only province
(or national) officers replace a template, the units below inherit it.
"""

import io
import os

import pytest
from docx import Document

from cnscd.core.models import AuditEvent
from cnscd.core.periods import parse_period
from cnscd.reports import render
from cnscd.reports.docx_template import default_template
from cnscd.reports.models import GeneratedReport, ReportTemplate
from cnscd.reports.sandbox import UnsafeTemplate
from cnscd.reports.selectors import report_content
from conftest import Tree, client_for

# (tag typed in Word, what the refusal must name)
ATTACKS = [
    ("{{ lipsum.__globals__['os'].getcwd() }}", "lipsum.__globals__"),
    ("{{ ''.__class__.__mro__ }}", "__class__"),
    ("{{ cycler.__init__.__globals__ }}", "cycler"),
    ("{{ sections.__class__ }}", "__class__"),
    ("{{ sections[0]['__class__'] }}", "__class__"),
    ("{{ title|attr('__class__') }}", "attr"),
    ("{{ title.upper() }}", "lời gọi hàm"),
    ("{{ appendix.rows.pop }}", "pop"),
    ("{{ config }}", "config"),
    ("{{ request.META }}", "request"),
    ("{{ _ }}", "_"),
    ("{% for i in range(10) %}{{ i }}{% endfor %}", "range"),
    ("{{ 'a' * 1000000000 }}", "phép nhân “*”"),
    ("{{ 9 ** 9 ** 9 }}", "phép lũy thừa"),
    ("{{ title|center(1000000000) }}", "center"),
    ("{{ title|replace('a', 'aaaaaaaaaa') }}", "replace"),
    ("{% include 'base.html' %}", "include"),
    ("{% import 'base.html' as b %}", "import"),
    ("{% macro m() %}x{% endmacro %}", "macro"),
    (
        "{% for a in sections %}{% for b in sections %}{% for c in sections %}"
        "{% for d in sections %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
        "for",
    ),
]


def _with_line(line: str, *, where: str = "body") -> bytes:
    """The default template with one line added where a province might type it."""
    document = Document(io.BytesIO(default_template()))
    if where == "body":
        document.paragraphs[0].insert_paragraph_before(line)
    elif where == "header":
        document.sections[0].header.paragraphs[0].text = line
    elif where == "properties":
        document.core_properties.title = line
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _upload(client, unit_pk: int, data: bytes):
    upload = io.BytesIO(data)
    upload.name = "mau.docx"
    return client.post(
        "/reports/template/",
        {"unit": unit_pk, "period": "202306", "action": "upload", "file": upload},
        follow=True,
    )


@pytest.mark.parametrize(("tag", "named"), ATTACKS)
def test_a_template_with_code_is_refused_naming_the_tag(
    reported: Tree, province_officer, tag: str, named: str
) -> None:
    page = _upload(client_for(province_officer), reported.p.pk, _with_line(tag))
    text = page.content.decode()
    assert "Mẫu báo cáo có thẻ" in text, text[:2000]
    assert named in text
    assert not ReportTemplate.objects.exists()
    refused = AuditEvent.objects.get(action="report_template.refused")
    assert refused.actor == province_officer and "Mẫu báo cáo có thẻ" in refused.message


@pytest.mark.parametrize("where", ["header", "properties"])
def test_headers_and_document_properties_are_checked_too(
    reported: Tree, province_officer, where: str
) -> None:
    data = _with_line("{{ lipsum.__globals__['os'].getpid() }}", where=where)
    page = _upload(client_for(province_officer), reported.p.pk, data)
    assert "lipsum.__globals__" in page.content.decode()
    assert not ReportTemplate.objects.exists()


def test_a_template_stored_before_the_checks_cannot_run_code(
    reported: Tree, province_officer
) -> None:
    """A malicious template already in the database (uploaded before this
    release) is refused when rendering; the file never holds server data."""
    ReportTemplate.objects.create(
        unit=reported.p,
        content=_with_line("{{ lipsum.__globals__['os'].getcwd() }}"),
        filename="cu.docx",
        sha256="0" * 64,
    )
    content = report_content(
        actor=province_officer, unit=reported.a, period=parse_period("202306")
    )
    with pytest.raises(UnsafeTemplate):
        render.render_docx(content, bytes(ReportTemplate.objects.get().content))
    made = client_for(province_officer).post(
        "/api/v1/reports/",
        {"unit": reported.a.pk, "period": "202306", "format": "docx"},
        content_type="application/json",
    )
    row = GeneratedReport.objects.get(pk=made.json()["id"])
    assert row.status == "failed" and not row.token
    assert row.error.startswith("Mẫu báo cáo có thẻ “{{ lipsum.__globals__")
    assert os.getcwd() not in row.error


def test_the_sandbox_refuses_private_attributes_at_render_time() -> None:
    """Defence in depth: even a tree that passed the checks cannot follow an
    attribute outside the report's keys while rendering."""
    env = render.template_environment()
    template = env.from_string("{{ title }}")
    assert template.render(title="Báo cáo") == "Báo cáo"
    assert env.getattr("x", "__class__") is not str
    assert not env.is_safe_attribute({}, "items", dict.items)
    assert env.globals == {}


def test_the_tags_a_province_uses_are_accepted(
    reported: Tree, province_officer
) -> None:
    lines = [
        "{{ title|upper }} — {{ agency|default('') }}",
        "{% for r in recipients %}{{ loop.index }}. {{ r }}{% endfor %}",
        "{% if appendix %}{{ appendix.rows|length }} đơn vị{% endif %}",
    ]
    data = default_template()
    for line in lines:
        data = _restyle(data, line)
    page = _upload(client_for(province_officer), reported.p.pk, data)
    assert "Đã dùng mẫu báo cáo mới cho đơn vị." in page.content.decode()
    assert ReportTemplate.objects.filter(unit=reported.p).exists()


def _restyle(data: bytes, line: str) -> bytes:
    document = Document(io.BytesIO(data))
    document.paragraphs[0].insert_paragraph_before(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_the_context_and_the_grammar_agree(reported: Tree, province_officer) -> None:
    """The names the sandbox allows are exactly the context's keys, and every
    key inside it is an allowed attribute (they cannot drift apart)."""
    content = report_content(
        actor=province_officer, unit=reported.p, period=parse_period("202306")
    )
    ctx = render.context(content)
    assert set(ctx) == render.TEMPLATE_NAMES
    inner = {
        *(k for s in ctx["sections"] for k in s),
        *(k for s in ctx["sections"] for b in s["blocks"] for k in b),
        *ctx["appendix"],
    }
    assert inner <= render.TEMPLATE_ATTRIBUTES


def test_only_the_province_replaces_the_template(
    reported: Tree, province_officer, commune_a_officer
) -> None:
    commune = client_for(commune_a_officer)
    # A commune officer downloads the template in use but cannot replace it.
    assert (
        commune.get(f"/reports/template/?unit={reported.a.pk}&period=202306")
    ).status_code == 200
    assert _upload(commune, reported.a.pk, default_template()).status_code == 404
    page = commune.get(f"/reports/?unit={reported.a.pk}&period=202306").content
    assert "Tải mẫu lên" not in page.decode()
    assert "Mẫu do cán bộ cấp tỉnh thay" in page.decode()
    # A province officer replaces the province's, not a commune's own.
    province = client_for(province_officer)
    assert _upload(province, reported.a.pk, default_template()).status_code == 404
    assert not ReportTemplate.objects.exists()
    assert (
        "Đã dùng mẫu báo cáo mới"
        in _upload(province, reported.p.pk, default_template()).content.decode()
    )
