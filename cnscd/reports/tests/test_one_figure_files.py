"""One figure in the report's files (issue #14, item 3): the .docx and the .pdf
state, in the narrative and in the appendix, the figures the reading selector
gives — a unit's own figure over its villages', a partner's part inside the
unit's figure, the activity log beside the reported figure, a blank left
blank. The workbook is held to the same numbers in `test_cross_surface`."""

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from docx import Document

from cnscd.accounts.models import Organisation
from cnscd.activities.services import Entry, activity_create
from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.indicators import services
from cnscd.indicators.models import Indicator, Report
from cnscd.indicators.selectors import form_get, partner_key, values_for_units
from cnscd.reports import render
from cnscd.reports.docx_template import default_template
from cnscd.reports.selectors import report_content
from cnscd.reports.tests.test_seed_report import poppler
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body
from conftest import Tree, make_user

pytestmark = pytest.mark.django_db

JUNE = parse_period("202306")


def _store(unit, code: str, value: int, partner: Organisation | None = None) -> None:
    indicator = Indicator.objects.get(code=code)
    values = [services.ValueInput(indicator, Decimal(value))]
    if partner is not None:
        values.append(
            services.ValueInput(
                indicator, Decimal(value // 3), disaggregation=partner_key(partner.pk)
            )
        )
    services.values_store(
        actor=SYSTEM,
        report=Report.objects.get_or_create(
            form=form_get("bc-cnscd-xa"), unit=unit, period=JUNE.code
        )[0],
        period=JUNE,
        values=values,
    )


def test_docx_and_pdf_state_the_selectors_figures(tree: Tree, tmp_path: Path) -> None:
    partner = Organisation.objects.create(name="Viettel Thử", kind="telecom")
    # Xã Thanh Miện reports 150 people guided (a partner's part inside) and
    # 12 sessions; its village Thôn Đông reports 40 people: the commune's own
    # figure is 150, never 190. Xã Bình Minh reports nothing: blank, not 0.
    _store(tree.a, "citizens_guided", 150, partner)
    _store(tree.a, "training_sessions", 12)
    _store(tree.a1, "citizens_guided", 40)
    team = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.a2,
        name="Tổ thôn Đoài",
        established_on=dt.date(2023, 1, 10),
    )
    with time_machine.travel("2023-07-03 09:00 +07:00"):
        for day, people in ((5, 12), (19, 7)):
            activity_create(
                actor=SYSTEM,
                body=team,
                entry=Entry(dt.date(2023, 6, day), "vneid", people),
            )
    officer = make_user("tinh.thu", tree.p, Role.PROVINCE_OFFICER)
    codes = ["citizens_guided", "training_sessions", "activity_people_guided"]
    indicators = list(Indicator.objects.filter(code__in=codes))
    read = {
        (unit, ind.code): value
        for (unit, ind_pk), value in values_for_units(
            [tree.p, tree.a, tree.b], indicators, JUNE
        ).items()
        for ind in indicators
        if ind.pk == ind_pk
    }
    # The reported and the logged figures side by side, never added.
    assert read[(tree.a.pk, "citizens_guided")] == 150
    assert read[(tree.p.pk, "citizens_guided")] == 150
    assert read[(tree.p.pk, "activity_people_guided")] == 19
    assert read[(tree.b.pk, "citizens_guided")] is None

    content = report_content(actor=officer, unit=tree.p, period=JUNE)
    appendix = render.appendix_table(content)
    assert appendix is not None
    rows = {row[1]: row for row in appendix["rows"]}
    column = {h: i for i, h in enumerate(appendix["header"])}
    guided = next(i for h, i in column.items() if h.startswith("Số người dân"))
    assert rows[tree.a.short_name][guided] == "150"
    assert rows[tree.b.short_name][guided] == "—"  # blank, not 0

    # Word: the appendix table as written, the narrative's figures.
    document = Document(io.BytesIO(render.render_docx(content, default_template())))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    written = [[c.text for c in r.cells] for r in table.rows]
    assert written[0] == appendix["header"]
    assert [r for r in written[1:] if r[1] in rows] == list(rows.values())
    text = "\n".join(p.text for p in document.paragraphs)
    narrative = text[: text.index("PHỤ LỤC")]
    assert "hướng dẫn 150 người dân sử dụng dịch vụ số" in narrative
    assert "Nhật ký hoạt động của các Tổ CNSCĐ ghi 19 lượt người dân" in narrative
    assert "190" not in narrative and "169" not in narrative

    # PDF: the same sentences and the appendix's rows, read back by poppler.
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(render.render_pdf(content))
    flat = " ".join(poppler("pdftotext", str(pdf), "-").split())
    assert "hướng dẫn 150 người dân sử dụng dịch vụ số" in flat
    assert "ghi 19 lượt người dân" in flat
    for name, row in rows.items():
        figures = row[2:]
        assert re.search(
            re.escape(name) + r"\s+" + r"\s+".join(map(re.escape, figures)), flat
        ), (name, figures)
