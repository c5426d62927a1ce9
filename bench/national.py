"""Issue #4's national benchmark: a generated national dataset (34 provinces,
3,321 communes, 90,000 villages, N facts over 24 months), the national and
one-province half-year pivots through the project's roll-ups, and DuckDB
scanning the same raw facts for reference.

    make bench BENCH_ARGS="--national 10000000"

Facts are monthly values of five indicators per village (2024–2025, 2025
structure). They are bulk-inserted by `core.bulk` (VALUES lists on SQLite, COPY on
PostgreSQL) and the roll-ups are built with three INSERT … SELECT … GROUP BY
statements (village, commune, province) and one more for the country from the
provinces, which is what `rebuild_rollups`
computes. For small sizes the bench checks that both give the same table.
"""

import csv
import hashlib
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

INDICATORS = [
    "training_sessions",
    "members_trained",
    "citizens_guided",
    "dvc_accounts_created",
    "vneid_accounts_created",
]
MONTHS = [202400 + m for m in range(1, 13)] + [202500 + m for m in range(1, 13)]
VILLAGES = 90_000


def _median(fn: Any, runs: int) -> tuple[float, Any]:
    result = fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), result


def _digest(rows: dict[tuple[str, str], float]) -> str:
    text = json.dumps(sorted((k[0], k[1], round(v, 2)) for k, v in rows.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def build(facts: int, log: Any) -> dict[str, Any]:
    from django.db import connection, transaction

    from cnscd.indicators.models import DataValue, Indicator, Rollup
    from cnscd.units.loader import load_units
    from cnscd.units.models import AdministrativeUnit, depth_of

    load_units()
    communes = list(
        AdministrativeUnit.objects.filter(structure="2025", level="commune")
        .order_by("code")
        .values_list("pk", "path", "code", "valid_from")
    )
    indicator_ids = [Indicator.objects.get(code=c).pk for c in INDICATORS]
    villages = AdministrativeUnit.objects.filter(structure="2025", level="village")
    info: dict[str, Any] = {"facts": facts}
    if villages.count() < VILLAGES:
        start = time.perf_counter()
        per = VILLAGES // len(communes) + 1
        rows = []
        for pk, path, code, valid_from in communes:
            for i in range(per):
                if len(rows) >= VILLAGES:
                    break
                vcode = f"{code}.{i + 1:03d}"
                rows.append(
                    AdministrativeUnit(
                        structure="2025",
                        level="village",
                        unit_type="thon",
                        code=vcode,
                        name=f"Thôn {i + 1}",
                        short_name=f"Thôn {i + 1}",
                        parent_id=pk,
                        path=f"{path}{vcode}/",
                        depth=depth_of(f"{path}{vcode}/"),
                        valid_from=valid_from,
                        search_key=f"thon {i + 1}",
                    )
                )
        AdministrativeUnit.objects.bulk_create(rows, batch_size=5000)
        info["villages_s"] = round(time.perf_counter() - start, 1)
        log(f"  {len(rows):,} villages in {info['villages_s']} s")
    if DataValue.objects.filter(unit__structure="2025").count() != facts:
        DataValue.objects.filter(unit__structure="2025").delete()
        Rollup.objects.filter(unit__structure="2025").delete()
        village_ids = list(villages.order_by("path").values_list("pk", flat=True))
        start = time.perf_counter()
        _insert_facts(connection, village_ids, indicator_ids, facts)
        info["insert_s"] = round(time.perf_counter() - start, 1)
        log(f"  {facts:,} facts inserted in {info['insert_s']} s")
        start = time.perf_counter()
        with transaction.atomic():
            _build_rollups(connection)
        info["rollups_s"] = round(time.perf_counter() - start, 1)
        log(
            f"  roll-ups built in {info['rollups_s']} s "
            f"({Rollup.objects.filter(unit__structure='2025').count():,} rows)"
        )
    country = Rollup.objects.filter(unit__structure="2025", unit__level="country")
    if not country.exists():
        start = time.perf_counter()
        with transaction.atomic():
            _country_rollups(connection)
        info["country_rollups_s"] = round(time.perf_counter() - start, 1)
        log(
            f"  country roll-ups in {info['country_rollups_s']} s ({country.count():,} rows)"
        )
    return info


def _country_rollups(connection: Any) -> None:
    """The country's rows are its provinces' figures below it (span and
    container rows alike), as `rollups.apply` keeps them."""
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO indicators_rollup (unit_id, indicator_id, first_month, last_month, container,
                                           own_total, own_count, below_total, below_count, total, count)
            SELECT p.parent_id, r.indicator_id, r.first_month, r.last_month, r.container,
                   0, 0, SUM(r.total), SUM(r.count), SUM(r.total), SUM(r.count)
            FROM indicators_rollup r
            JOIN units_administrativeunit p ON p.id = r.unit_id
            WHERE p.structure = '2025' AND p.level = 'province' AND p.parent_id IS NOT NULL
            GROUP BY p.parent_id, r.indicator_id, r.first_month, r.last_month, r.container
        """)


def _fact_rows(village_ids: list[int], indicator_ids: list[int], facts: int) -> Any:
    n = 0
    for month in MONTHS:
        period = str(month)
        for vid in village_ids:
            for k, ind in enumerate(indicator_ids):
                if n >= facts:
                    return
                value = (vid * 7 + month * 3 + k * 11) % 97 + 1
                yield (
                    ind,
                    vid,
                    period,
                    month,
                    month,
                    "",
                    value,
                    "computed",
                    "",
                    None,
                    "2026-01-01 00:00:00+00:00",
                )
                n += 1


def _insert_facts(
    connection: Any, village_ids: list[int], indicator_ids: list[int], facts: int
) -> None:
    """Streamed through the application's own bulk writer (COPY on PostgreSQL,
    VALUES lists on SQLite)."""
    from cnscd.core import bulk
    from cnscd.indicators.services import VALUE_COLUMNS

    # The application's value columns up to `updated_at` (no report, no author).
    columns = VALUE_COLUMNS[: VALUE_COLUMNS.index("updated_at") + 1]
    bulk.insert(
        "indicators_datavalue",
        columns,
        _fact_rows(village_ids, indicator_ids, facts),
    )


def _build_rollups(connection: Any) -> None:
    """Village, commune and province rows: three GROUP BY statements."""
    # The villages' values are their own; above, they are the children's.
    levels = {
        "village": ("u.id", "SUM(d.value), COUNT(*), 0, 0"),
        "commune": ("u.parent_id", "0, 0, SUM(d.value), COUNT(*)"),
        "province": ("p.parent_id", "0, 0, SUM(d.value), COUNT(*)"),
    }
    with connection.cursor() as cursor:
        for target, sums in levels.values():
            cursor.execute(f"""
                INSERT INTO indicators_rollup (unit_id, indicator_id, first_month, last_month, container,
                                               own_total, own_count, below_total, below_count, total, count)
                SELECT {target}, d.indicator_id, d.first_month, d.last_month, FALSE, {sums}, SUM(d.value), COUNT(*)
                FROM indicators_datavalue d
                JOIN units_administrativeunit u ON u.id = d.unit_id
                JOIN units_administrativeunit p ON p.id = u.parent_id
                WHERE u.structure = '2025'
                GROUP BY {target}, d.indicator_id, d.first_month, d.last_month
            """)
        # Period containment: quarter, half-year and year rows from the span rows
        # (the same rows `rollups.apply` keeps; see `containing_spans`).
        for size in (3, 6, 12):
            start = f"((first_month % 100 - 1) / {size} * {size} + 1)"
            cursor.execute(f"""
                INSERT INTO indicators_rollup (unit_id, indicator_id, first_month, last_month, container,
                                               own_total, own_count, below_total, below_count, total, count)
                SELECT unit_id, indicator_id, first_month / 100 * 100 + {start},
                       first_month / 100 * 100 + {start} + {size - 1}, TRUE,
                       SUM(own_total), SUM(own_count), SUM(below_total), SUM(below_count),
                       SUM(total), SUM(count)
                FROM indicators_rollup
                WHERE NOT container
                  AND unit_id IN (SELECT id FROM units_administrativeunit WHERE structure = '2025')
                  AND last_month <= first_month / 100 * 100 + {start} + {size - 1}
                  AND NOT (first_month = first_month / 100 * 100 + {start}
                           AND last_month = first_month / 100 * 100 + {start} + {size - 1})
                GROUP BY unit_id, indicator_id, first_month / 100 * 100 + {start}
            """)


def measure(runs: int, log: Any) -> dict[str, Any]:
    import duckdb
    from django.db import connection

    from cnscd.core.periods import parse_period
    from cnscd.core.system import SYSTEM
    from cnscd.indicators.models import Form, Indicator
    from cnscd.indicators.selectors import pivot, values_for_units
    from cnscd.units.models import AdministrativeUnit

    period = parse_period("2025S1")
    indicators = [Indicator.objects.get(code=c) for c in INDICATORS]
    provinces = list(
        AdministrativeUnit.objects.filter(structure="2025", level="province").order_by(
            "code"
        )
    )
    hanoi = next(p for p in provinces if p.code == "01")
    country = AdministrativeUnit.objects.get(structure="2025", level="country")
    form = Form.objects.get(code="bc-cnscd-xa")

    def national() -> dict[tuple[str, str], float]:
        t = pivot(actor=SYSTEM, unit=country, period=period, form=form)
        return {
            (r.unit.code, c.code): float(r.values[c.code] or 0)
            for r in t.rows
            for c in indicators
        }

    def national_total() -> dict[str, float]:
        v = values_for_units([country], indicators, period)
        return {i.code: float(v[(country.pk, i.pk)] or 0) for i in indicators}

    def one_province() -> dict[tuple[str, str], float]:
        t = pivot(actor=SYSTEM, unit=hanoi, period=period, form=form)
        return {
            (r.unit.code, c.code): float(r.values[c.code] or 0)
            for r in t.rows
            for c in indicators
        }

    ours_national, national_rows = _median(national, runs)
    ours_total, total = _median(national_total, runs)
    by_indicator: dict[str, float] = {}
    for (_, code), v in national_rows.items():
        by_indicator[code] = by_indicator.get(code, 0) + v
    ours_province, province_rows = _median(one_province, runs)

    # DuckDB scans the same raw facts (exported once; loading is not timed).
    with tempfile.TemporaryDirectory() as tmp:
        facts_csv, units_csv = Path(tmp) / "facts.csv", Path(tmp) / "units.csv"
        with connection.cursor() as cursor, facts_csv.open("w", newline="") as fh:
            cursor.execute(
                "SELECT unit_id, indicator_id, first_month, value FROM indicators_datavalue d "
                "JOIN units_administrativeunit u ON u.id = d.unit_id WHERE u.structure = '2025'"
            )
            writer = csv.writer(fh)
            while chunk := cursor.fetchmany(100_000):
                writer.writerows(chunk)
        with units_csv.open("w", newline="") as fh:
            writer = csv.writer(fh)
            for pk, path in AdministrativeUnit.objects.filter(
                structure="2025"
            ).values_list("pk", "path"):
                parts = [*path.strip("/").split("/"), "", ""]  # the country: "/2025/"
                writer.writerow([pk, parts[1], parts[2]])
        db = duckdb.connect()
        db.execute(
            f"CREATE TABLE facts AS SELECT * FROM read_csv('{facts_csv}', header=false, "
            "columns={'unit_id': 'BIGINT', 'indicator_id': 'BIGINT', 'month': 'INTEGER', 'value': 'DOUBLE'})"
        )
        db.execute(
            f"CREATE TABLE units AS SELECT * FROM read_csv('{units_csv}', header=false, "
            "columns={'id': 'BIGINT', 'province': 'VARCHAR', 'commune': 'VARCHAR'})"
        )
        codes = {i.pk: i.code for i in indicators}
        months = (period.first_month, period.last_month)

        def duck_national() -> dict[tuple[str, str], float]:
            rows = db.execute(
                "SELECT u.province, f.indicator_id, SUM(f.value) FROM facts f JOIN units u "
                "ON u.id = f.unit_id WHERE f.month BETWEEN ? AND ? GROUP BY 1, 2",
                list(months),
            ).fetchall()
            return {(p, codes[i]): float(v) for p, i, v in rows if i in codes}

        def duck_province() -> dict[tuple[str, str], float]:
            rows = db.execute(
                "SELECT u.commune, f.indicator_id, SUM(f.value) FROM facts f JOIN units u "
                "ON u.id = f.unit_id WHERE f.month BETWEEN ? AND ? AND u.province = '01' "
                "GROUP BY 1, 2",
                list(months),
            ).fetchall()
            return {(c, codes[i]): float(v) for c, i, v in rows if i in codes}

        duck_national_ms, duck_national_rows = _median(duck_national, runs)
        duck_province_ms, duck_province_rows = _median(duck_province, runs)
    nat_ours = {k: v for k, v in national_rows.items() if v}
    prov_ours = {k: v for k, v in province_rows.items() if v}
    out = {
        "national_half_year_pivot_ms": round(ours_national, 2),
        "duckdb_national_ms": round(duck_national_ms, 2),
        "national_ratio": round(ours_national / duck_national_ms, 3),
        "national_total_ms": round(ours_total, 2),
        "national_total_equals_rows": all(
            abs(total[k] - by_indicator.get(k, 0)) < 0.01 for k in total
        ),
        "province_by_commune_ms": round(ours_province, 2),
        "duckdb_province_ms": round(duck_province_ms, 2),
        "province_ratio": round(ours_province / duck_province_ms, 3),
        "national_hash": [_digest(nat_ours), _digest(duck_national_rows)],
        "province_hash": [_digest(prov_ours), _digest(duck_province_rows)],
    }
    out["results_agree"] = (
        out["national_total_equals_rows"]
        and out["national_hash"][0] == out["national_hash"][1]
        and out["province_hash"][0] == out["province_hash"][1]
    )
    return out
