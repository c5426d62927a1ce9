"""The report of a 2025 province speaks of its own structure (issue #15,
item 3): communes are "xã, phường, đặc khu", there is no district and no
"thị trấn", and a province reports to the ministry, not to a "people's
committee of the whole country"."""

import re
from decimal import Decimal

import pytest

from cnscd.core.periods import parse_period
from cnscd.core.system import SYSTEM
from cnscd.indicators import services
from cnscd.indicators.models import Indicator, Report
from cnscd.indicators.selectors import form_get
from cnscd.reports import render
from cnscd.reports.selectors import report_content
from cnscd.units.choices import Level, Structure, UnitType
from cnscd.units.models import AdministrativeUnit
from conftest import make_unit

pytestmark = pytest.mark.django_db


def test_a_2025_province_report_uses_the_words_of_its_structure() -> None:
    new = Structure.FROM_2025
    country = AdministrativeUnit.objects.filter(
        structure=new, level=Level.COUNTRY
    ).first()
    if country is None:
        country = AdministrativeUnit.objects.create(
            structure=new,
            level=Level.COUNTRY,
            unit_type=UnitType.TINH,
            code="VN",
            name="Toàn quốc",
            short_name="Toàn quốc",
            path="/2025/",
            depth=0,
            search_key="toan quoc",
        )
    city = make_unit(
        "95", "Thành phố Mới", Level.PROVINCE, country, UnitType.THANH_PHO_TW, new
    )
    ward = make_unit("95001", "Phường Đông", Level.COMMUNE, city, UnitType.PHUONG, new)
    make_unit("95002", "Xã Tây", Level.COMMUNE, city, UnitType.XA, new)
    period = parse_period("202612")
    services.values_store(
        actor=SYSTEM,
        report=Report.objects.create(
            form=form_get("bc-cnscd-xa"), unit=ward, period=period.code
        ),
        period=period,
        values=[
            services.ValueInput(
                Indicator.objects.get(code="citizens_guided"), Decimal(320)
            )
        ],
    )
    content = report_content(actor=SYSTEM, unit=city, period=parse_period("2026S2"))
    assert (
        render.context(content)["recipients"][0] == "- Bộ Khoa học và Công nghệ (b/c);"
    )
    appendix = render.appendix_table(content)
    assert appendix is not None and appendix["header"][1] == "Xã/phường/đặc khu"
    text = re.sub(r"<[^>]+>", " ", render.render_html(content))
    assert "xã, phường, đặc khu" in text
    assert not re.search(r"thị trấn|huyện|toàn quốc \(b/c\)", text, re.IGNORECASE)
