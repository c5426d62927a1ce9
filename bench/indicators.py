"""Issue #4 figures (partial): the seed appendix import, saving a report (values
and roll-ups in one transaction), and the pivot on the demo province."""

import statistics
import time
from typing import Any


def bench_indicators(
    rows_out: list[tuple[str, str]], results: dict[str, Any], runs: int
) -> None:
    from cnscd.core.periods import parse_period
    from cnscd.core.system import SYSTEM
    from cnscd.indicators import workflow
    from cnscd.indicators.imports import import_sheet
    from cnscd.indicators.seed_appendix import appendix_workbook
    from cnscd.indicators.selectors import form_get, pivot
    from cnscd.units.models import AdministrativeUnit

    hd = AdministrativeUnit.objects.get(structure="legacy", level="province", code="30")
    data = appendix_workbook()
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        import_sheet(
            actor=SYSTEM,
            data=data,
            filename="p.xlsx",
            period="2023S1",
            parent=hd,
            dry_run=True,
        )
        samples.append((time.perf_counter() - start) * 1000)
    results["seed_import_dry_run_ms"] = round(statistics.median(samples), 1)
    rows_out.append(
        (
            "seed appendix import, dry run with all checks (12 rows)",
            f"{results['seed_import_dry_run_ms']:.1f} ms",
        )
    )

    period = parse_period("2023S1")
    form = form_get("pl-cnscd-huyen")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        pivot(actor=SYSTEM, unit=hd, period=period, form=form)
        samples.append((time.perf_counter() - start) * 1000)
    results["pivot_demo_province_ms"] = round(statistics.median(samples), 2)
    rows_out.append(
        (
            "pivot, Hải Dương by district, 2023S1 (selector)",
            f"{results['pivot_demo_province_ms']:.2f} ms",
        )
    )

    commune = (
        AdministrativeUnit.objects.filter(path__startswith=hd.path, level="commune")
        .order_by("code")
        .first()
    )
    assert commune is not None
    p = parse_period("202401")
    form_xa = form_get("bc-cnscd-xa")
    samples = []
    for i in range(runs):
        report = workflow.report_for_display(form=form_xa, unit=commune, period=p)
        raw = {
            "training_sessions": str(i % 7 + 1),
            "members_trained": str(10 + i),
            "citizens_guided": str(500 + i),
            "dvc_accounts_created": str(100 + i),
            "vneid_accounts_created": str(200 + i),
        }
        start = time.perf_counter()
        workflow.report_save(
            actor=SYSTEM, report=report, period=p, version=report.version, raw=raw
        )
        samples.append((time.perf_counter() - start) * 1000)
    results["report_save_with_rollups_ms"] = round(statistics.median(samples), 1)
    rows_out.append(
        (
            "save a commune report: 5 values + roll-ups of 4 levels, one transaction",
            f"{results['report_save_with_rollups_ms']:.1f} ms",
        )
    )


class _RollBack(Exception):
    pass


def national_sheet(period: str) -> tuple[bytes, int]:
    """Every legacy commune of the country in one sheet (10,035 rows): STT, the
    commune's code, its name and the communes' monthly form's five columns."""
    import io
    import random

    from openpyxl import Workbook

    from cnscd.units.models import AdministrativeUnit

    communes = AdministrativeUnit.objects.filter(
        structure="legacy", level="commune"
    ).order_by("path")
    rng = random.Random(period)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Xã")
    ws.append([f"KẾT QUẢ HOẠT ĐỘNG TỔ CNSCĐ CẤP XÃ THÁNG {period[4:]}/{period[:4]}"])
    ws.append(
        [
            "STT",
            "Mã xã",
            "Tên xã",
            "Số buổi tập huấn",
            "Số thành viên được tập huấn",
            "Người dân được hướng dẫn",
            "Tài khoản DVCTT",
            "Tài khoản VNeID",
        ]
    )
    n = 0
    for n, (code, name) in enumerate(communes.values_list("code", "name"), start=1):
        guided = rng.randint(50, 3000)
        ws.append(
            [
                n,
                code,
                name,
                rng.randint(0, 12),
                rng.randint(3, 60),
                guided,
                rng.randint(0, guided),
                rng.randint(0, guided),
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), n


def bench_national_sheet(
    rows_out: list[tuple[str, str]], results: dict[str, Any]
) -> None:
    """Issue #4: import a 10,000-row sheet (dry run, then stored and rolled back)."""
    from django.db import transaction

    from cnscd.core.system import SYSTEM
    from cnscd.indicators.imports import import_sheet
    from cnscd.units.models import AdministrativeUnit

    period = "202305"
    data, rows = national_sheet(period)
    country = AdministrativeUnit.objects.get(structure="legacy", level="country")
    figures: dict[str, Any] = {"rows": rows, "bytes": len(data)}
    for label, dry in (("dry run, all checks", True), ("stored", False)):
        start = time.perf_counter()
        try:
            with transaction.atomic():
                result = import_sheet(
                    actor=SYSTEM,
                    data=data,
                    filename="toan-quoc-xa.xlsx",
                    period=period,
                    parent=country,
                    dry_run=dry,
                )
                elapsed = time.perf_counter() - start
                raise _RollBack
        except _RollBack:
            pass
        matched = sum(1 for r in result.rows if r.unit_code)
        errors = [f for f in result.findings if f.severity == "error"]
        if errors or (not dry and not result.stored) or matched != rows:
            raise SystemExit(f"national sheet: {matched}/{rows} matched, {errors[:3]}")
        key = "dry_run_s" if dry else "store_s"
        figures[key] = round(elapsed, 2)
        rows_out.append(
            (
                f"import a {rows:,}-row sheet ({len(data) // 1024} KiB), {label}",
                f"{elapsed:.2f} s",
            )
        )
    results["national_sheet"] = figures
    from django.db import connection

    if connection.vendor == "postgresql":
        # The rolled-back rows are dead tuples until a vacuum: clear them so
        # that the figures after this one are not read from a bloated table.
        with connection.cursor() as cursor:
            for table in (
                "indicators_rollup",
                "indicators_datavalue",
                "indicators_report",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
