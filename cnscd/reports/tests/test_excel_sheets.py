"""The report's Excel sheets say what its narrative says (issue #14, items 3
and 5): the network's total row is the same object as the narrative's figures,
and the data-quality sheet names units and indicators, never codes."""

import dataclasses
import io

from openpyxl import load_workbook

from cnscd.core.periods import parse_period
from cnscd.core.system import SYSTEM
from cnscd.indicators.quality import Finding
from cnscd.reports import narrative, render
from cnscd.reports.selectors import report_content
from cnscd.teams.choices import BodyKind, Position
from cnscd.teams.models import Body, Membership, Person
from conftest import Tree


def _seat(body: Body, n: int) -> None:
    for i in range(n):
        person = Person.objects.create(full_name=f"Người {body.pk}-{i}")
        Membership.objects.create(person=person, body=body, position=Position.MEMBER)


def _rows(ws) -> dict[str, list[object]]:
    return {
        str(row[0].value): [c.value for c in row[1:]]
        for row in ws.iter_rows()
        if row[0].value
    }


def test_the_network_sheet_adds_up_to_the_narratives_figures(
    reported: Tree,
) -> None:
    tree = reported
    province = Body.objects.create(
        kind=BodyKind.STEERING_COMMITTEE, unit=tree.p, name="Tổ chỉ đạo tỉnh"
    )
    commune = Body.objects.create(
        kind=BodyKind.STEERING_COMMITTEE, unit=tree.a, name="Tổ chỉ đạo xã"
    )
    team = Body.objects.create(kind=BodyKind.COMMUNITY_TEAM, unit=tree.a1, name="Tổ")
    _seat(province, 4)
    _seat(commune, 3)
    _seat(team, 5)
    content = report_content(actor=SYSTEM, unit=tree.p, period=parse_period("202306"))
    text = " ".join(b.text for s in narrative.sections(content) for b in s.blocks)
    assert "2 tổ chỉ đạo công nghệ số cộng đồng các cấp với 7 thành viên" in text
    ws = load_workbook(io.BytesIO(render.render_xlsx(content)))["Mạng lưới"]
    rows = _rows(ws)
    assert rows["Tổng cộng"][1:] == [2, 1, 12]
    assert rows["Tỉnh Thử Nghiệm (cấp đơn vị)"][1:] == [1, 0, 4]
    body = [v for k, v in rows.items() if k not in ("Tổng cộng", "Đơn vị")]
    body = [v for v in body if isinstance(v[1], int)]
    assert [sum(v[i] for v in body) for i in (1, 2, 3)] == [2, 1, 12]


def test_the_data_quality_sheet_shows_names_not_codes(reported: Tree) -> None:
    tree = reported
    content = report_content(actor=SYSTEM, unit=tree.p, period=parse_period("202306"))
    content = dataclasses.replace(
        content,
        findings=[
            Finding(
                "outlier",
                "warning",
                "Số liệu cao bất thường.",
                unit_code=tree.a.code,
                column="dvc_accounts_created",
            )
        ],
    )
    ws = load_workbook(io.BytesIO(render.render_xlsx(content)))["Lưu ý số liệu"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Xã Thanh Miện" in values
    assert "Số lượng tài khoản DVCTT được tạo" in values
    assert tree.a.code not in values and "dvc_accounts_created" not in values
