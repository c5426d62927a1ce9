"""Every page opens on the present (issue #15, item 5): without a `period`
parameter, today's half-year — or today's period of the form's type — and,
for a unit of the legacy structure, its last half-year."""

import pytest
import time_machine

from cnscd.core.periods import current_period, parse_period, period_of
from cnscd.core.roles import Role
from cnscd.units.choices import Level, Structure, UnitType
from conftest import Tree, client_for, enrol_totp, make_unit, make_user

pytestmark = pytest.mark.django_db
NOW = "2026-12-08 09:00 +07:00"


def test_the_period_of_a_day_for_each_type() -> None:
    import datetime as dt

    day = dt.date(2026, 12, 8)
    assert [period_of(day, k).code for k in ("monthly", "quarterly", "sixmonthly")] == [
        "202612",
        "2026Q4",
        "2026S2",
    ]
    assert period_of(day, "yearly").code == "2026"
    assert period_of(day, "weekly").code == "2026W50"
    assert period_of(dt.date(2025, 6, 30)).code == "2025S1"
    with time_machine.travel(NOW):
        assert current_period().code == "2026S2"
        assert current_period(until=dt.date(2025, 6, 30)) == parse_period("2025S1")


@time_machine.travel(NOW)
def test_pages_open_on_the_current_period(tree: Tree) -> None:
    city = make_unit(
        "95",
        "Thành phố Mới",
        Level.PROVINCE,
        unit_type=UnitType.THANH_PHO_TW,
        structure=Structure.FROM_2025,
    )
    commune = make_unit(
        "95001", "Xã Mới", Level.COMMUNE, city, structure=Structure.FROM_2025
    )
    officer = make_user("tp.moi", city, Role.PROVINCE_OFFICER)
    enrol_totp(officer)
    client = client_for(officer)
    for url in (
        f"/indicators/pivot/?unit={city.pk}",
        f"/dashboard/?unit={city.pk}",
        f"/evaluation/?unit={city.pk}",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.context["period"].code == "2026S2", url
    monthly = client.get(f"/indicators/report/?unit={commune.pk}&form=bc-cnscd-xa")
    assert monthly.status_code == 200 and monthly.context["period"].code == "202612"
    # A legacy unit opens on its last half-year, not on a period after its end.
    legacy = make_user("tinh.cu", tree.p, Role.PROVINCE_OFFICER)
    enrol_totp(legacy)
    page = client_for(legacy).get(f"/indicators/pivot/?unit={tree.p.pk}")
    assert page.status_code == 200 and page.context["period"].code == "2025S1"


def test_the_import_command_takes_the_structure_from_the_period(
    tree: Tree, tmp_path
) -> None:
    """2023S1 can only be the legacy structure; a year across the reform day
    has to say which; the unit is always given (no demo default)."""
    from django.core.management import CommandError, call_command

    from cnscd.indicators.seed_appendix import appendix_workbook

    path = tmp_path / "bang.xlsx"
    path.write_bytes(appendix_workbook())
    with pytest.raises(CommandError, match="có cả trước và sau ngày 01/7/2025"):
        call_command("import_sheet", str(path), unit="90", period="2025")
    with pytest.raises(CommandError, match="--unit"):
        call_command("import_sheet", str(path), period="2023S1")
    with pytest.raises(CommandError, match="Không có đơn vị mã 90"):
        call_command("import_sheet", str(path), unit="90", period="2026S1")
