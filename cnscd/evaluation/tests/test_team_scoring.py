"""Scoring a village's team: under a commune the villages are scored by their
Tổ CNSCĐ with the set for teams, from what the registry knows of each team
(decision, leader, members, partners) and manual criteria with evidence; the
team leader self-assesses, the commune reviews and approves."""

import datetime as dt
import json
from decimal import Decimal as D
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from cnscd.activities.services import Entry, activity_create
from cnscd.core.periods import parse_period
from cnscd.evaluation import services
from cnscd.evaluation.choices import EvaluationStatus, Subject
from cnscd.evaluation.criteria_io import criteria_export, criteria_import
from cnscd.evaluation.models import CriteriaSet
from cnscd.evaluation.selectors import band_set_default, evaluation_table
from cnscd.teams.choices import BodyKind, DecisionKind, Position
from cnscd.teams.models import Body, Decision
from cnscd.teams.tests.test_network import seat
from conftest import Tree, client_for, make_unit

S1 = parse_period("2023S1")


@pytest.fixture
def teams(tree: Tree) -> Tree:
    """Village A1: a team by decision with a leader and 4 more members, two
    of them from Viettel and Agribank. A2: a team of 2, no decision, no
    leader. A3: no team."""
    make_unit("90001.003", "Thôn Giữa", "village", tree.a, "thon")
    opened = dt.date(2023, 1, 10)
    a1 = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.a1,
        name="Tổ CNSCĐ thôn Đông",
        established_on=opened,
    )
    Decision.objects.create(
        body=a1,
        kind=DecisionKind.ESTABLISH,
        number="12/QĐ-UBND",
        signed_on=opened,
        issuer="UBND xã Thanh Miện",
    )
    seat(a1, "Trưởng thôn Đông", Position.LEADER)
    seat(a1, "Bí thư đoàn thôn")
    seat(a1, "Nhân viên Viettel", affiliation="Viettel")
    seat(a1, "Cán bộ Agribank", affiliation="Agribank")
    seat(a1, "Hội viên phụ nữ")
    a2 = Body.objects.create(
        kind=BodyKind.COMMUNITY_TEAM,
        unit=tree.a2,
        name="Tổ CNSCĐ thôn Đoài",
        established_on=opened,
    )
    seat(a2, "Thành viên một")
    seat(a2, "Thành viên hai")
    return tree


def test_a_communes_villages_are_ranked_by_their_teams(
    teams: Tree, commune_a_officer
) -> None:
    table = evaluation_table(actor=commune_a_officer, unit=teams.a, period=S1)
    assert table.criteria_set.code == "to-cnscd-du-thao"
    assert table.criteria_set.subject == Subject.TEAM
    rows = {r.unit.name: r for r in table.rows}
    east, west, middle = rows["Thôn Đông"], rows["Thôn Đoài"], rows["Thôn Giữa"]
    points = {c.number: c.points for c in east.criteria}
    # decision 10 + leader 5 + 5 members (tier ≥5: 15) + 2 partners × 5 = 40;
    # nothing in the activity log yet; the manual criteria are not scored.
    assert points == {
        "1": 10,
        "2": 5,
        "3": 15,
        "4": 10,
        "5": 0,
        "6": 0,
        "7": None,
        "8": None,
    }
    assert east.score == 40 and east.team == "Tổ CNSCĐ thôn Đông"
    assert east.band == "Cần củng cố" and east.rank == 1
    assert west.score == 5 and west.rank == 2  # 2 members: tier ≥1
    assert middle.rank is None and middle.band == "Chưa có Tổ" and middle.team == ""
    assert "Có (1): 10 điểm." in east.explanation
    data = table.as_dict()["units"]
    assert [u.get("team") for u in data] == [
        "Tổ CNSCĐ thôn Đông",
        "Tổ CNSCĐ thôn Đoài",
        None,
    ]
    html = (
        client_for(commune_a_officer)
        .get("/evaluation/", {"unit": teams.a.pk, "period": "2023S1"})
        .content.decode()
    )
    assert "Tổ CNSCĐ thôn Đông" in html and "chưa có Tổ" in html


def test_the_leader_self_assesses_and_the_commune_approves(
    teams: Tree, team_a_leader, commune_a_officer
) -> None:
    cset = CriteriaSet.objects.get(code="to-cnscd-du-thao")
    bands = band_set_default(Subject.TEAM)
    east = Body.objects.get(unit=teams.a1)
    with time_machine.travel("2023-07-02 09:00 +07:00"):
        for day, people in [("2023-03-04", 60), ("2023-05-20", 50), ("2023-06-30", 10)]:
            activity_create(
                actor=team_a_leader,
                body=east,
                entry=Entry(dt.date.fromisoformat(day), "vneid", people),
            )
    sheet = services.evaluation_open(
        actor=team_a_leader, unit=teams.a1, period=S1, cset=cset, band_set=bands
    )
    by_number = {s.number: s for s in sheet.scores.all()}
    # 120 people guided (tier ≥100: 15) in 3 sessions (3 × 1), from the log.
    assert by_number["5"].points == 15 and by_number["6"].points == 3
    assert by_number["5"].inputs == {"activity_people_guided": "120"}
    assert sheet.total == 58
    manual = {s.number: s.criterion_id for s in sheet.scores.all()}
    with pytest.raises(PermissionDenied):  # the leader of A1 is not A2's
        services.evaluation_open(
            actor=team_a_leader, unit=teams.a2, period=S1, cset=cset, band_set=bands
        )
    sheet = services.evaluation_self_assess(
        actor=team_a_leader,
        evaluation=sheet,
        version=sheet.version,
        entries=[
            services.SelfEntry(
                manual["7"],
                D(18),
                note="Kích hoạt VNeID mức 2 cho 96 người",
                link="https://drive.example.vn/thon-dong/vneid",
            ),
            services.SelfEntry(manual["8"], D(8), note="Chưa có văn bản"),
        ],
        band_set=bands,
        submit=True,
    )
    assert sheet.status == EvaluationStatus.SELF_ASSESSED and sheet.total == 84
    assert sheet.band == "Hoạt động hiệu quả"
    with pytest.raises(PermissionDenied):  # the commune reviews, it does not fill
        services.evaluation_self_assess(
            actor=commune_a_officer,
            evaluation=sheet,
            version=sheet.version,
            entries=[],
            band_set=bands,
        )
    sheet = services.evaluation_review(
        actor=commune_a_officer,
        evaluation=sheet,
        version=sheet.version,
        entries=[],
        band_set=bands,
    )
    with pytest.raises(ValidationError, match="tiêu chí 8"):
        services.evaluation_approve(
            actor=commune_a_officer, evaluation=sheet, version=sheet.version
        )
    sheet.refresh_from_db()
    sheet = services.evaluation_return(
        actor=commune_a_officer,
        evaluation=sheet,
        version=sheet.version,
        reason="Tiêu chí 8 chưa có văn bản ghi nhận",
    )
    sheet = services.evaluation_self_assess(
        actor=team_a_leader,
        evaluation=sheet,
        version=sheet.version,
        entries=[services.SelfEntry(manual["8"], D(0), note="Bỏ, chưa có văn bản")],
        band_set=bands,
        submit=True,
    )
    sheet = services.evaluation_review(
        actor=commune_a_officer,
        evaluation=sheet,
        version=sheet.version,
        entries=[],
        band_set=bands,
    )
    sheet = services.evaluation_approve(
        actor=commune_a_officer, evaluation=sheet, version=sheet.version
    )
    assert sheet.status == EvaluationStatus.APPROVED and sheet.total == 76
    assert sheet.band == "Đạt yêu cầu"
    table = evaluation_table(actor=commune_a_officer, unit=teams.a, period=S1)
    assert table.rows[0].team == "Tổ CNSCĐ thôn Đông"
    assert table.rows[0].status == "approved" and table.rows[0].score == 76


def test_evaluate_command_names_the_teams(teams: Tree) -> None:
    out = StringIO()
    call_command(
        "evaluate", "--unit", "90001", "--period", "2023S1", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["criteria_set"]["code"] == "to-cnscd-du-thao"
    assert [(u.get("team"), u["rank"]) for u in data["units"]] == [
        ("Tổ CNSCĐ thôn Đông", 1),
        ("Tổ CNSCĐ thôn Đoài", 2),
        (None, None),
    ]
    out = StringIO()
    call_command("evaluate", "--unit", "90", "--period", "2023S1", stdout=out)
    assert "Bộ tiêu chí đánh giá hoạt động" in out.getvalue()  # localities' set


def test_a_team_set_keeps_its_subject_through_excel(db: None) -> None:
    cset = CriteriaSet.objects.get(code="to-cnscd-du-thao")
    data = criteria_export(cset)
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(data)).active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert "Áp dụng cho: Tổ Công nghệ số cộng đồng" in cells
    edited = BytesIO()
    wb = load_workbook(BytesIO(data))
    for row in wb.active.iter_rows():
        for c in row:
            if c.value == "Phiên bản: 1":
                c.value = "Phiên bản: 2"
    wb.save(edited)
    result = criteria_import(
        actor=None, data=edited.getvalue(), filename="to-v2.xlsx", dry_run=False
    )
    assert result.ok, result.as_dict()
    assert result.stored.subject == Subject.TEAM and result.stored.version == 2


def test_a_team_that_ended_is_not_ranked_whatever_it_logged(
    teams: Tree, commune_a_officer
) -> None:
    west = Body.objects.get(unit=teams.a2)
    with time_machine.travel("2023-04-02 09:00 +07:00"):
        activity_create(
            actor=commune_a_officer,
            body=west,
            entry=Entry(dt.date(2023, 3, 4), "vneid", 80),
        )
    Body.objects.filter(pk=west.pk).update(ended_on=dt.date(2023, 5, 1))
    table = evaluation_table(actor=commune_a_officer, unit=teams.a, period=S1)
    rows = {r.unit.name: r for r in table.rows}
    assert rows["Thôn Đoài"].rank is None and rows["Thôn Đoài"].band == "Chưa có Tổ"
    assert rows["Thôn Đông"].rank == 1
