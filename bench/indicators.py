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
