"""Issue #6 figures: time and peak memory to generate the periodic report in
each format, for Hải Dương (12 districts, the seed's appendix, 2023S1) and
Hải Phòng in the 2025 structure (114 communes) and the whole country (34
provinces, 3,321 communes), with a generated month imported through the sheet
import for every 2025 province. Also the dashboard's data for the same scopes.

Time is the median of in-process runs (data read + narrative + file). Peak
memory is the high-water resident size of a fresh process that starts Django
and makes one report (start-up included).
"""

import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def generated_month(unit: Any, period: str) -> None:
    """A month of made-up commune figures for `unit` (a 2025 province), imported
    through the sheet import like an officer's file."""
    from openpyxl import Workbook

    from cnscd.core.system import SYSTEM
    from cnscd.indicators.imports import import_sheet
    from cnscd.indicators.models import Report
    from cnscd.units.models import AdministrativeUnit

    communes = list(AdministrativeUnit.objects.filter(parent=unit).order_by("code"))
    if Report.objects.filter(unit__parent=unit, period=period).exists():
        return  # made by an earlier run on this database (submitted, so locked)
    rng = random.Random(f"{unit.code}-6")
    wb = Workbook()
    ws = wb.active
    ws.append([f"BÁO CÁO THÁNG {period[4:]}/{period[:4]}"])
    ws.append(
        [
            "STT",
            "Xã, phường",
            "Số buổi tập huấn",
            "Số thành viên được tập huấn",
            "Người dân được hướng dẫn",
            "Tài khoản DVCTT",
            "Tài khoản VNeID",
        ]
    )
    for i, c in enumerate(communes, start=1):
        guided = rng.randint(200, 4000)
        ws.append(
            [
                i,
                c.name,
                rng.randint(0, 12),
                rng.randint(5, 80),
                guided,
                rng.randint(0, guided),
                rng.randint(0, guided),
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    result = import_sheet(
        actor=SYSTEM,
        data=buf.getvalue(),
        filename=f"{unit.code}-{period}.xlsx",
        period=period,
        parent=unit,
    )
    if not result.stored:
        raise SystemExit(f"{unit.name}: sheet not stored: {result.findings[:3]}")


def _country_month(period: str) -> tuple[float, int]:
    """Every 2025 province's month, one sheet each: seconds and rows (on a
    database that has them already, the time of checking that)."""
    from cnscd.units.models import AdministrativeUnit

    provinces = AdministrativeUnit.objects.filter(
        structure="2025", level="province"
    ).order_by("code")
    start = time.perf_counter()
    for p in provinces:
        generated_month(p, period)
    rows = AdministrativeUnit.objects.filter(structure="2025", level="commune").count()
    return time.perf_counter() - start, rows


MONTH = "202512"


def _timed(fn: Any) -> dict[str, float]:
    """Median of 3 warm runs and the number of queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {"ms": round(statistics.median(samples), 1), "queries": len(queries)}


CHILD = """
import sys, django
django.setup()
from django.core.management import call_command
unit, period, fmt, structure, out = sys.argv[1:]
call_command("report", unit=unit, period=period, fmt=fmt, structure=structure,
             output=out, stdout=open("/dev/null", "w"))
status = open("/proc/self/status").read()
print(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM")))
"""


def _peak_rss_mb(unit_code: str, period: str, fmt: str, structure: str) -> float:
    """Peak resident memory (VmHWM) of a fresh process making one report. VmHWM
    is reset at exec, unlike ru_maxrss, which would count the forked bench."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                CHILD,
                unit_code,
                period,
                fmt,
                structure,
                str(Path(tmp) / f"r.{fmt}"),
            ],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        return int(out.stdout.split()[-1]) / 1024  # kB → MB


def bench_reports(rows_out: list[tuple[str, str]], results: dict[str, Any]) -> None:
    from cnscd.core.periods import parse_period
    from cnscd.core.system import SYSTEM
    from cnscd.dashboards.selectors import dashboard
    from cnscd.reports.selectors import report_content
    from cnscd.reports.services import render_bytes
    from cnscd.units.models import AdministrativeUnit

    def unit(level: str, code: str, structure: str = "2025") -> Any:
        return AdministrativeUnit.objects.get(
            structure=structure, level=level, code=code
        )

    figures: dict[str, Any] = {}
    seconds, communes = _country_month(MONTH)
    figures["country_month_import_s"] = round(seconds, 1)
    rows_out.append(
        (
            f"import a month for all 34 provinces (34 sheets, {communes:,} communes)",
            f"{seconds:.1f} s",
        )
    )
    scopes = [
        (
            "Hải Dương, 12 districts, 2023S1",
            unit("province", "30", "legacy"),
            "2023S1",
            "legacy",
            "hai_duong",
        ),
        (
            "Hải Phòng, 114 communes, 202512",
            unit("province", "31"),
            MONTH,
            "2025",
            "hai_phong",
        ),
        (
            "whole country, 34 provinces, 202512",
            unit("country", "VN"),
            MONTH,
            "2025",
            "country",
        ),
    ]
    for label, scope, code, structure, key in scopes:
        period = parse_period(code)
        board = _timed(
            lambda u=scope, p=period: dashboard(actor=SYSTEM, unit=u, period=p)
        )
        figures[f"{key}_dashboard"] = board
        rows_out.append(
            (
                f"dashboard data ({label})",
                f"{board['ms']:.1f} ms, {board['queries']} queries",
            )
        )
        reads = []
        for _ in range(3):
            start = time.perf_counter()
            content = report_content(actor=SYSTEM, unit=scope, period=period)
            reads.append((time.perf_counter() - start) * 1000)
        figures[f"{key}_read_ms"] = round(statistics.median(reads), 1)
        rows_out.append(
            (f"report data read ({label})", f"{figures[f'{key}_read_ms']:.1f} ms")
        )
        for fmt in ("docx", "xlsx", "pdf"):
            samples, size = [], 0
            for _ in range(3):
                start = time.perf_counter()
                size = len(render_bytes(content, fmt))
                samples.append((time.perf_counter() - start) * 1000)
            ms = statistics.median(samples)
            rss = _peak_rss_mb(scope.code, code, fmt, structure)
            figures[f"{key}_{fmt}"] = {
                "render_ms": round(ms, 1),
                "bytes": size,
                "peak_rss_mb": round(rss, 1),
            }
            rows_out.append(
                (
                    f"report .{fmt} ({label})",
                    f"{ms:.0f} ms to render · {size / 1024:.0f} KiB · "
                    f"peak {rss:.0f} MB in a `cnscd report` process",
                )
            )
    results["reports"] = figures
