"""One figure on every surface (issue #14, item 3).

Hypothesis draws a tree (a province, its communes, their villages) and values
at every level — a unit's own figure beside its children's, months beside the
half-year, partners' parts, blanks — stored through the write service. Every
surface must then show, for every unit and indicator and for the half-year and
a month, the figure the plain definition gives (`figures.figure_over`): the
reading selector, the dashboard's cards and charts, the pivot page's object,
its Excel export, the API, the evaluation's inputs and the report's figures
and appendix. The suite runs it on SQLite and on PostgreSQL."""

import io
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cnscd.accounts.models import Organisation
from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.dashboards.selectors import dashboard, periods_back
from cnscd.evaluation.inputs import gather_inputs
from cnscd.indicators import exports, services
from cnscd.indicators.models import Indicator, Report
from cnscd.indicators.selectors import (
    form_get,
    form_indicators,
    partner_key,
    pivot,
    values_for_units,
)
from cnscd.indicators.tests.figures import Fact, figure_over
from cnscd.reports import render
from cnscd.reports.narrative import num
from cnscd.reports.selectors import report_content
from cnscd.units.choices import Level, UnitType
from cnscd.units.models import AdministrativeUnit
from conftest import client_for, enrol_totp, make_unit, make_user

FORM = "bc-cnscd-xa"
SPANS = ["202306", "202305", "2023S1"]
QUERIES = ["2023S1", "202306"]
CODES = ["training_sessions", "citizens_guided"]

# The tree: how many villages each commune has (one to three communes).
shapes = st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=3)
# A fact: (unit index, indicator, span, value, partner's share or None).
facts = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=9),
        st.sampled_from(CODES),
        st.sampled_from(SPANS),
        st.integers(min_value=0, max_value=5000),
        st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    ),
    max_size=14,
    unique_by=lambda f: (f[0], f[1], f[2]),
)


def build(shape: list[int]) -> list[AdministrativeUnit]:
    province = make_unit(
        "90", "Tỉnh Thử Nghiệm", Level.PROVINCE, unit_type=UnitType.TINH
    )
    units = [province]
    for i, villages in enumerate(shape, start=1):
        commune = make_unit(f"90{i:03d}", f"Xã Số {i}", Level.COMMUNE, province)
        units.append(commune)
        for j in range(1, villages + 1):
            units.append(
                make_unit(
                    f"90{i:03d}.{j:03d}",
                    f"Thôn {i}.{j}",
                    Level.VILLAGE,
                    commune,
                    UnitType.THON,
                )
            )
    return units


def store(
    units: list[AdministrativeUnit],
    drawn: list[tuple[int, str, str, int, int | None]],
    partner: Organisation,
) -> dict[str, list[Fact]]:
    """Each fact through the write service; a partner's share is stored as a
    part of the unit's total, which stays the unit's own figure (ADR 0010)."""
    form = form_get(FORM)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=CODES)}
    known: dict[str, list[Fact]] = {code: [] for code in CODES}
    # A second value of a unit, indicator and span replaces the first.
    last = {(i % len(units), code, span): f for f in drawn for i, code, span, *_ in [f]}
    for index, code, span, value, share in last.values():
        unit = units[index % len(units)]
        period = parse_period(span)
        values = [services.ValueInput(indicators[code], Decimal(value))]
        if share is not None:
            values.append(
                services.ValueInput(
                    indicators[code],
                    Decimal(min(share, value)),
                    disaggregation=partner_key(partner.pk),
                )
            )
        services.values_store(
            actor=SYSTEM,
            report=Report.objects.get_or_create(
                form=form, unit=unit, period=period.code, organisation=None
            )[0],
            period=period,
            values=values,
        )
        span_of = (period.first_month, period.last_month)
        known[code].append((unit, span_of, Decimal(value)))
    return known


def cell(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(shape=shapes, drawn=facts)
def test_every_surface_shows_the_same_figure(
    shape: list[int], drawn: list[tuple[int, str, str, int, int | None]]
) -> None:
    with transaction.atomic():
        units = build(shape)
        province = units[0]
        partner = Organisation.objects.create(name="Viettel Thử", kind="telecom")
        known = store(units, drawn, partner)
        officer = make_user("tinh.thu", province, Role.PROVINCE_OFFICER)
        enrol_totp(officer)
        client = client_for(officer)
        form = form_get(FORM)
        columns = form_indicators(form)
        checked = [c for c in columns if c.code in CODES]
        children = [u for u in units if u.parent_id == province.pk]
        for code in QUERIES:
            period = parse_period(code)
            expected = {
                (u.pk, c.code): figure_over(known[c.code], units, u, period)
                for u in units
                for c in checked
            }
            # The selector every surface is meant to read.
            read = values_for_units(units, checked, period)
            got = {(u, c.code): read[(u, c.pk)] for u, c in _keys(units, checked)}
            assert got == expected, (code, drawn)

            # The dashboard: the province's cards and the bars of its children.
            board = dashboard(actor=officer, unit=province, period=period)
            cards = {h.indicator.code: h.value for h in board.headlines}
            for c in checked:
                assert cards[c.code] == expected[(province.pk, c.code)], (code, c.code)
            bars = {row["name"]: row["value"] for row in board.chart_data()["children"]}
            lead = board.indicator
            assert lead is not None
            # … its series over time: each point the figure of its period,
            # the previous ones included (202305 before 202306).
            if lead.code in CODES:
                back = periods_back(period, len(board.series))
                assert board.series == [
                    (p.label, figure_over(known[lead.code], units, province, p))
                    for p in back
                ]
            if lead.code in CODES:
                assert bars == {
                    u.short_name: cell(expected[(u.pk, lead.code)]) for u in children
                }

            # The pivot: each child's row, and the province's own figure shown
            # (under the total) wherever it differs from the rows' sum.
            table = pivot(actor=officer, unit=province, period=period, form=form)
            for row in table.rows:
                for c in checked:
                    assert row.values[c.code] == expected[(row.unit.pk, c.code)]
            for c in checked:
                shown = table.own.get(c.code, table.total[c.code])
                assert shown == expected[(province.pk, c.code)], (code, c.code)

            # Its Excel export: the same numbers, as numbers.
            sheet = load_workbook(io.BytesIO(exports.render_pivot(table))).active
            assert sheet is not None
            at = {c.code: 3 + i for i, c in enumerate(table.columns)}
            names = {u.short_name: u for u in children} | {u.name: u for u in children}
            seen = 0
            for line in sheet.iter_rows(values_only=True):
                unit = names.get(str(line[1])) if len(line) > 1 else None
                if unit is None:
                    continue
                seen += 1
                for c in checked:
                    assert line[at[c.code] - 1] == cell(expected[(unit.pk, c.code)])
            assert seen == len(children)

            # The API, over HTTP.
            data = client.get(
                "/api/v1/pivot/", {"unit": province.pk, "period": code, "form": FORM}
            ).json()
            for row in data["rows"]:
                unit = next(u for u in children if u.code == row["unit_code"])
                for c in checked:
                    assert row["values"][c.code] == cell(expected[(unit.pk, c.code)])

            # The evaluation's inputs.
            inputs = gather_inputs(
                actor=officer, units=children, period=period, refs=set(CODES)
            )
            for u in children:
                for c in checked:
                    assert inputs[u.pk][c.code] == expected[(u.pk, c.code)]

            # The report: its figures, and the appendix's rows as written.
            content = report_content(actor=officer, unit=province, period=period)
            figures = {f.indicator.code: f.value for f in content.figures}
            for c in checked:
                assert figures.get(c.code) == expected[(province.pk, c.code)]
            appendix = render.appendix_table(content)
            assert appendix is not None
            position = {h: i for i, h in enumerate(appendix["header"])}
            for row in appendix["rows"]:
                unit = next(u for u in children if u.short_name == row[1])
                for c in checked:
                    header = next(h for h in position if h.startswith(c.name))
                    assert row[position[header]] == num(expected[(unit.pk, c.code)])

            # The report's workbook: the appendix sheet's rows and the
            # province's own figures on the results sheet, as numbers.
            book = load_workbook(io.BytesIO(render.render_xlsx(content)))
            rows = [list(r) for r in book["Phụ lục"].iter_rows(values_only=True)]
            head = next(r for r in rows if r[0] == "STT")
            listed = [
                (line, names[str(line[1])]) for line in rows if str(line[1]) in names
            ]
            assert len(listed) == len(children)
            for line, unit in listed:
                for c in checked:
                    at_col = next(
                        i for i, h in enumerate(head) if str(h).startswith(c.name)
                    )
                    assert line[at_col] == cell(expected[(unit.pk, c.code)])
            results = {
                r[1]: r[3]
                for r in book["Kết quả"].iter_rows(min_row=3, values_only=True)
            }
            assert {f.indicator.name for f in content.figures} <= set(results)
            for c in checked:
                assert results.get(c.name) == cell(expected[(province.pk, c.code)])
        transaction.set_rollback(True)


def _keys(
    units: list[AdministrativeUnit], indicators: list[Indicator]
) -> list[tuple[int, Indicator]]:
    return [(u.pk, c) for u in units for c in indicators]
