"""The seed's three groups of districts, reproduced from its imported appendix."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from cnscd.core.system import SYSTEM
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.seed_appendix import appendix_workbook
from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

WIDE = {
    "Huyện Ninh Giang",
    "Huyện Thanh Miện",
    "Huyện Cẩm Giàng",
    "Huyện Tứ Kỳ",
    "Huyện Gia Lộc",
    "Huyện Nam Sách",
    "Thành phố Hải Dương",
}


@pytest.fixture
def hai_duong() -> AdministrativeUnit:
    load_units()
    unit = AdministrativeUnit.objects.get(
        structure="legacy", level="province", code="30"
    )
    result = import_sheet(
        actor=SYSTEM,
        data=appendix_workbook(),
        filename="phu-luc.xlsx",
        period="2023S1",
        parent=unit,
    )
    assert result.stored
    return unit


def test_seed_bands_scores_and_ranks_from_the_cli(
    hai_duong: AdministrativeUnit,
) -> None:
    out = StringIO()
    call_command("evaluate", unit="30", period="2023S1", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["unit_code"] == "30" and data["period"] == "2023S1"
    assert data["criteria_set"]["code"] == "cnscd-du-thao-dia-phuong"
    assert data["criteria_set"]["is_local_draft"] is True
    units = {u["name"]: u for u in data["units"]}
    assert len(units) == 12
    bands = {name: u["band"] for name, u in units.items()}
    assert {n for n, b in bands.items() if b == "Triển khai rộng khắp"} == WIDE
    assert {n for n, b in bands.items() if b == "Đã triển khai nhưng chưa mở rộng"} == {
        "Thành phố Chí Linh",
        "Huyện Bình Giang",
        "Huyện Kim Thành",
    }
    assert {n for n, b in bands.items() if b == "Chưa triển khai tập huấn"} == {
        "Huyện Thanh Hà",
        "Thị xã Kinh Môn",
    }
    # Every point is explained, with the numbers it came from.
    ninh_giang = units["Huyện Ninh Giang"]
    first = ninh_giang["criteria"][0]
    assert first["points"] == 15 and first["inputs"] == {"training_sessions": "189"}
    assert "189 đạt bậc ≥10: 15 điểm." in ninh_giang["explanation"]
    assert "Số buổi hội nghị, tập huấn ≥ 10 (thực tế 189)" in ninh_giang["explanation"]
    # Gia Lộc: 10.963 DVCTT accounts for 438 citizens guided — capped at 100%.
    gia_loc = next(
        c for c in units["Huyện Gia Lộc"]["criteria"] if c["criterion"] == "3"
    )
    assert gia_loc["points"] == 15 and "(tính tối đa 100%)" in gia_loc["explanation"]
    # No targets were assigned: the target criterion scores 0 and says why.
    target = next(c for c in ninh_giang["criteria"] if c["criterion"] == "4")
    assert target["points"] == 0 and "Chưa đủ số liệu" in target["explanation"]
    # Ranks: competition ranking over the scores, 1 for the best.
    scores = sorted((u["score"] for u in data["units"]), reverse=True)
    assert [u["score"] for u in data["units"]] == scores
    assert data["units"][0]["rank"] == 1
    for u in data["units"]:
        assert u["rank"] == 1 + sum(1 for s in scores if s > u["score"])
        assert u["status"] == "provisional"
        assert u["previous_rank"] is None  # nothing for 2022S2


def test_cli_refuses_an_unknown_set_or_period(hai_duong: AdministrativeUnit) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="bộ tiêu chí"):
        call_command("evaluate", unit="30", period="2023S1", criteria_set="khong-co")
    with pytest.raises(CommandError):
        call_command("evaluate", unit="30", period="2023S7")
