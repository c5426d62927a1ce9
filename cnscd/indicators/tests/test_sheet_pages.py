"""Import of an appendix-style sheet into the tiny tree; pivot page, API, CLI."""

import io
import json
import re

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from cnscd.indicators.imports import import_sheet
from cnscd.indicators.models import DataValue, HeaderMapping, Rollup
from cnscd.indicators.rollups import rebuild
from conftest import Tree, client_for


def sheet(rows: list[list[object]], headers: list[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO KẾT QUẢ THÁNG 6/2023"])
    ws.append([])
    ws.append(
        [
            "STT",
            "Xã, phường",
            *(
                headers
                or [
                    "Số buổi tập huấn",
                    "Số thành viên được tập huấn",
                    "Người dân được hướng dẫn",
                    "Tài khoản DVCTT",
                    "Tài khoản VNeID",
                ]
            ),
        ]
    )
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ROWS = [
    [1, "Thanh miện", 3, 10, "1.200", "300", "900"],
    [2, "X. Bình Minh", 1, 5, 400, 100, 250],
    [None, "Tổng cộng", 4, 15, "1.600", 400, "1.150"],
]


def load(tree: Tree, actor, rows: list[list[object]], name: str = "a.xlsx", **kw):
    """The communes' June sheet imported under the province."""
    return import_sheet(
        actor=actor,
        data=sheet(rows),
        filename=name,
        period="202306",
        parent=tree.p,
        **kw,
    )


def test_import_pivot_page_export_api_and_cli(
    tree: Tree, province_officer, tmp_path, capsys
) -> None:
    result = import_sheet(
        actor=province_officer,
        data=sheet(ROWS),
        filename="t6.xlsx",
        period="202306",
        parent=tree.p,
        form=None,
    )
    out = result.as_dict()
    assert out["stored"] and out["form"] == "bc-cnscd-xa" and out["findings"] == []
    assert [r["unit_code"] for r in out["rows"]] == ["90001", "90002"]
    assert (
        DataValue.objects.get(unit=tree.a, indicator__code="citizens_guided").provenance
        == "Nhập từ tệp t6.xlsx, dòng 4"
    )

    client = client_for(province_officer)
    html = client.get(
        "/indicators/pivot/",
        {"unit": tree.p.pk, "period": "2023Q2", "form": "bc-cnscd-xa"},
    ).content.decode()
    assert "1.600" in html and "1.150" in html and "Tổng cộng" in html
    html = client.get(
        "/indicators/cell/",
        {"unit": tree.a.pk, "period": "2023", "indicator": "citizens_guided"},
    ).content.decode()
    assert "Nhập từ tệp t6.xlsx, dòng 4" in html and "1.200" in html

    response = client.get(
        "/indicators/pivot/export/",
        {"unit": tree.p.pk, "period": "2023S1", "form": "bc-cnscd-xa"},
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert (
        rows[-1][1] == "Tổng cộng"
        and rows[-1][4] == 1600
        and rows[0][1] == "Xã Thanh Miện"
    )

    api = client.get(
        "/api/v1/pivot/", {"unit": tree.p.pk, "period": "202306", "form": "bc-cnscd-xa"}
    ).json()
    assert (
        api["total"]["citizens_guided"] == 1600
        and api["rows"][1]["values"]["dvc_accounts_created"] == 100
    )
    assert (
        client.get(
            "/api/v1/pivot/", {"unit": tree.p.pk, "period": "2023S3"}
        ).status_code
        == 400
    )

    call_command(
        "pivot", "--unit", "90", "--period", "2023", "--form", "bc-cnscd-xa", "--json"
    )
    table = json.loads(capsys.readouterr().out)
    assert set(table) == {
        "unit_code",
        "period",
        "columns",
        "rows",
        "total",
        "own",
        "findings",
        "former",
    }
    assert table["own"] == {} and table["findings"] == [] and table["former"] == []
    assert table["total"]["vneid_accounts_created"] == 1150
    assert rebuild(fix=False).clean


def test_rollups_follow_corrections_and_rebuild_finds_drift(
    tree: Tree, province_officer
) -> None:
    load(tree, province_officer, ROWS)
    corrected = [r[:] for r in ROWS]
    corrected[0][4] = "1.300"
    refused = load(tree, province_officer, corrected, "b.xlsx")
    errors = [f.kind for f in refused.findings if f.severity == "error"]
    assert not refused.stored and errors == ["locked_report"]
    message = next(f.message for f in refused.findings if f.kind == "locked_report")
    assert message.startswith("Báo cáo tháng 6/2023 của Xã Thanh Miện đã gửi: ")
    from cnscd.indicators.models import Report

    Report.objects.update(status="returned")  # the approver returns it for correction
    load(tree, province_officer, corrected, "b.xlsx")
    p_total = Rollup.objects.get(
        unit=tree.p, indicator__code="citizens_guided", container=False
    )
    assert (p_total.total, p_total.count) == (1700, 2)
    Rollup.objects.filter(pk=p_total.pk).update(total=1)
    report = rebuild(fix=True)
    assert (report.wrong, report.missing, report.extra) == (1, 0, 0)
    assert rebuild(fix=False).clean


def test_an_approved_figure_changes_only_through_a_revision(
    tree: Tree, province_officer
) -> None:
    """Another form with the same indicators cannot overwrite the figures of
    an approved report (values are one per unit, indicator and period); once
    a revision is opened, the import goes through."""
    from cnscd.indicators import workflow
    from cnscd.indicators.models import Form, FormIndicator, Report
    from cnscd.indicators.selectors import form_get

    load(tree, province_officer, ROWS)
    report = Report.objects.get(unit=tree.a, period="202306")
    report = workflow.report_approve(
        actor=province_officer, report=report, version=report.version
    )
    usual = form_get("bc-cnscd-xa")
    other = Form.objects.create(
        code="bc-xa-khac",
        name="Biểu xã khác",
        period_type="monthly",
        target_level=usual.target_level,
    )
    for column in usual.columns.all():
        FormIndicator.objects.create(
            form=other, indicator=column.indicator, order=column.order
        )
    corrected = [r[:] for r in ROWS]
    corrected[0][4] = "1.300"

    def again():
        return load(tree, province_officer, corrected, "b.xlsx", form=other)

    refused = again()
    locked = [f for f in refused.findings if f.kind == "locked_report"]
    assert not refused.stored and [f.unit_code for f in locked] == [tree.a.code]
    assert locked[0].message.startswith(
        "Báo cáo tháng 6/2023 của Xã Thanh Miện đã duyệt: "
    )
    assert (
        DataValue.objects.get(
            unit=tree.a, indicator__code="citizens_guided", period="202306"
        ).value
        == 1200
    )
    # The entry page of the other form: it shows the approved figures, and
    # changing one is refused with the way to do it, nothing stored.
    client = client_for(province_officer)
    url = f"/indicators/report/?unit={tree.a.pk}&period=202306&form={other.code}"
    page = client.get(url)
    assert page.status_code == 200 and 'value="1.200"' in page.content.decode()
    version = re.search(r'name="version" value="(\d+)"', page.content.decode())
    assert version is not None
    # As a browser sends it: every field as shown, one of them changed.
    fields = dict(
        re.findall(r'name="(v:[^"]+)"[^>]*value="([^"]*)"', page.content.decode())
    )
    assert fields["v:citizens_guided"] == "1.200"
    fields |= {"v:citizens_guided": "1.300", "version": version[1], "action": "save"}
    answer = client.post(url, fields, follow=True)
    assert answer.status_code == 200
    assert (
        "“Số người dân được hướng dẫn” của Xã Thanh Miện tháng 6/2023 là 1.200 "
        f"trong báo cáo theo biểu “{usual.name}”, đang ở trạng thái “Đã duyệt”."
    ) in answer.content.decode()
    assert (
        not Report.objects.filter(form=other, unit=tree.a)
        .exclude(status="draft")
        .exists()
    )
    assert (
        DataValue.objects.get(
            unit=tree.a, indicator__code="citizens_guided", period="202306"
        ).value
        == 1200
    )
    workflow.report_reopen(
        actor=province_officer,
        report=report,
        version=report.version,
        reason="Số người dân được hướng dẫn bị ghi thiếu",
    )
    assert again().stored
    assert (
        DataValue.objects.get(
            unit=tree.a, indicator__code="citizens_guided", period="202306"
        ).value
        == 1300
    )


def test_unmapped_column_is_an_error_until_confirmed_and_then_remembered(
    tree: Tree, province_officer
) -> None:
    headers = [
        "Buổi sinh hoạt chuyên đề",
        "Số thành viên được tập huấn",
        "Người dân được hướng dẫn",
        "Tài khoản DVCTT",
        "Tài khoản VNeID",
    ]
    data = sheet(ROWS, headers)
    first = import_sheet(
        actor=province_officer,
        data=data,
        filename="x.xlsx",
        period="202306",
        parent=tree.p,
        form=None,
    )
    assert not first.stored and [
        f.kind for f in first.findings if f.severity == "error"
    ] == ["unmapped_column"]
    second = import_sheet(
        actor=province_officer,
        data=data,
        filename="x.xlsx",
        period="202306",
        parent=tree.p,
        confirmed_mappings={"Buổi sinh hoạt chuyên đề": "training_sessions"},
        form=first.form,
    )
    assert second.stored
    assert HeaderMapping.objects.filter(header_key="buoi sinh hoat chuyen de").exists()
    third = import_sheet(
        actor=province_officer,
        data=data,
        filename="x.xlsx",
        period="202306",
        parent=tree.p,
        form=first.form,
        dry_run=True,
    )
    assert not third.has_errors


def test_unknown_units_bad_numbers_and_out_of_scope(
    tree: Tree, province_officer, commune_a_officer
) -> None:
    rows = [[1, "Xã Không Có", 1, 2, 3, 4, 5], [2, "Thanh Miện", "mười", 2, 3, 4, 5]]
    result = load(tree, province_officer, rows, "x.xlsx")
    kinds = {(f.kind, f.row) for f in result.findings if f.severity == "error"}
    assert kinds == {("unmatched_unit", 4), ("unparsed_value", 5)} and not result.stored
    assert not DataValue.objects.exists()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_sheet(
            actor=commune_a_officer,
            data=sheet(ROWS),
            filename="x.xlsx",
            period="202306",
            parent=tree.p,
        )
    with pytest.raises(ValidationError, match="Kỳ báo cáo"):
        import_sheet(
            actor=province_officer,
            data=sheet(ROWS),
            filename="x.xlsx",
            period="2023S9",
            parent=tree.p,
        )


def test_import_page_flow(tree: Tree, province_officer) -> None:
    client = client_for(province_officer)
    upload = io.BytesIO(sheet(ROWS))
    upload.name = "t6.xlsx"
    html = client.post(
        f"/indicators/import/?unit={tree.p.pk}",
        {"file": upload, "period": "202306", "form": "", "received_on": "2023-07-09"},
    ).content.decode()
    assert "Lưu 2 dòng" in html and not DataValue.objects.exists()
    assert 'name="received_on" value="2023-07-09"' in html
    import re

    token = re.search(r'name="token" value="([0-9a-f]+)"', html).group(1)
    response = client.post(
        f"/indicators/import/?unit={tree.p.pk}",
        {
            "token": token,
            "period": "202306",
            "form": "bc-cnscd-xa",
            "store": "1",
            "received_on": "2023-07-09",
        },
    )
    assert response.status_code == 302 and DataValue.objects.count() == 10
    from cnscd.indicators.models import Report

    # Received after the monthly form's deadline (5/7): both communes late.
    assert {
        r.submitted_at.date().isoformat()  # type: ignore[union-attr]
        for r in Report.objects.all()
    } == {"2023-07-09"}
    page = client.get(
        "/indicators/completeness/",
        {"unit": tree.p.pk, "period": "202306", "form": "bc-cnscd-xa"},
    ).content.decode()
    assert "nộp muộn 2" in page
    again = io.BytesIO(sheet(ROWS))
    again.name = "t6.xlsx"
    bad = client.post(
        f"/indicators/import/?unit={tree.p.pk}",
        {"file": again, "period": "202306", "form": "", "received_on": "hôm qua"},
        follow=True,
    ).content.decode()
    assert "Ngày nhận tệp không hợp lệ." in bad


@pytest.mark.parametrize(
    "label", ["TP Hải Dương", "Thành phố Hải Dương", "TP. Hải Dương", "tp hai duong"]
)
def test_loose_unit_names_match(label: str) -> None:
    from cnscd.indicators.matching import Matcher as _Matcher
    from cnscd.units.models import AdministrativeUnit

    units = [
        AdministrativeUnit(code="288", name="Thành phố Hải Dương"),
        AdministrativeUnit(code="297", name="Huyện Gia Lộc"),
    ]
    unit, confidence = _Matcher(units).by_name(label)
    assert unit is units[0] and confidence >= 0.95
    assert _Matcher(units).by_name("H. Gia Lộc")[0] is units[1]
    assert _Matcher(units).by_name("Kinh môn")[0] is None


@pytest.mark.parametrize(
    "numbers",
    [
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        [1, 2, 3, 4, 5, 6, 7],
        ["A", "B", 1, 2, 3, 4, 5],
    ],
)
def test_a_row_of_column_numbers_under_the_headers_is_skipped(
    tree: Tree, province_officer, numbers: list[object]
) -> None:
    """Many offices number the columns under the headers (issue #14, item 4):
    that row is neither a header nor a unit."""
    wb = load_workbook(io.BytesIO(sheet(ROWS)))
    ws = wb.active
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "STT")
    ws.insert_rows(header + 1)
    for col, value in enumerate(numbers, start=1):
        ws.cell(row=header + 1, column=col, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    result = import_sheet(
        actor=province_officer,
        data=buf.getvalue(),
        filename="so-cot.xlsx",
        period="202306",
        parent=tree.p,
    )
    assert result.stored, [f.message for f in result.findings]
    assert not [f for f in result.findings if f.severity == "error"]
    assert (
        DataValue.objects.filter(unit=tree.a, indicator__code="citizens_guided")
        .get()
        .value
        == 1200
    )


@pytest.mark.parametrize(
    "headers",
    [
        [
            "Số buổi hội nghị, tập huấn",
            "SL TV của Tổ được tập huấn",
            "Số ND được HD",
            "SL TK DVCTT đã tạo",
            "SL TK VNeID được tạo",
        ],
        [
            "Số buổi tập huấn (buổi)",
            "Số thành viên của Tổ công nghệ số cộng đồng được tập huấn (người)",
            "Số lượng người dân được hướng dẫn",
            "Tài khoản dịch vụ công trực tuyến",
            "Tài khoản VNeID",
        ],
    ],
    ids=["shorthand", "spelled-out"],
)
def test_headers_in_shorthand_or_spelled_out_find_their_indicators(
    tree: Tree, province_officer, headers: list[str]
) -> None:
    """Offices write "SL TK DVCTT" or "số lượng tài khoản dịch vụ công trực
    tuyến", "ND được HD" or "người dân được hướng dẫn" (issue #14, item 4)."""
    result = import_sheet(
        actor=province_officer,
        data=sheet(ROWS, headers),
        filename="viet-tat.xlsx",
        period="202306",
        parent=tree.p,
    )
    assert result.stored, [f.message for f in result.findings]
    stored = dict(
        DataValue.objects.filter(unit=tree.a).values_list("indicator__code", "value")
    )
    assert stored == {
        "training_sessions": 3,
        "members_trained": 10,
        "citizens_guided": 1200,
        "dvc_accounts_created": 300,
        "vneid_accounts_created": 900,
    }


def test_an_unsure_column_is_offered_for_confirmation_on_the_page(
    tree: Tree, province_officer
) -> None:
    import re

    unsure = "Tài khoản VNeID kích hoạt mức 2 tại nhà văn hoá thôn"
    headers = [
        "Số buổi tập huấn",
        "Số thành viên được tập huấn",
        "Người dân được hướng dẫn",
        "Tài khoản DVCTT",
        unsure,
    ]
    client = client_for(province_officer)
    upload = io.BytesIO(sheet(ROWS, headers))
    upload.name = "t6.xlsx"
    html = client.post(
        f"/indicators/import/?unit={tree.p.pk}",
        {"file": upload, "period": "202306", "form": ""},
    ).content.decode()
    # Used as guessed, offered for confirmation, and storable as it is.
    assert f"Cột “{unsure}” được hiểu là chỉ tiêu" in html
    assert re.search(
        rf'name="map:{unsure}">.*?<option value="vneid_accounts_created" selected>',
        html,
    )
    assert "Lưu 2 dòng" in html
    token = re.search(r'name="token" value="([0-9a-f]+)"', html).group(1)
    response = client.post(
        f"/indicators/import/?unit={tree.p.pk}",
        {
            "token": token,
            "period": "202306",
            "form": "bc-cnscd-xa",
            f"map:{unsure}": "vneid_accounts_created",
            "store": "1",
        },
    )
    assert response.status_code == 302
    assert HeaderMapping.objects.get(form__code="bc-cnscd-xa").indicator.code == (
        "vneid_accounts_created"
    )
    again = import_sheet(
        actor=province_officer,
        data=sheet(ROWS, headers),
        filename="t6.xlsx",
        period="202306",
        parent=tree.p,
        dry_run=True,
    )
    assert not [f for f in again.findings if f.kind == "unsure_column"]
