"""Issue #6 figures: time and peak memory to generate the periodic report in
each format, for Hải Dương (12 districts, the seed's appendix, 2023S1) and
Hải Phòng in the 2025 structure (114 communes, a generated month imported
through the sheet import).

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


def _hai_phong_month() -> tuple[Any, str]:
    from openpyxl import Workbook

    from cnscd.core.system import SYSTEM
    from cnscd.indicators.imports import import_sheet
    from cnscd.units.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.get(structure="2025", level="province", code="31")
    period = "202512"
    communes = list(AdministrativeUnit.objects.filter(parent=unit).order_by("code"))
    rng = random.Random(6)
    wb = Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO THÁNG 12/2025"])
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
        filename="hai-phong-202512.xlsx",
        period=period,
        parent=unit,
    )
    if not result.stored:
        raise SystemExit(f"Hải Phòng sheet not stored: {result.findings[:3]}")
    return unit, period


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
    from cnscd.reports.selectors import report_content
    from cnscd.reports.services import render_bytes
    from cnscd.units.models import AdministrativeUnit

    hd = AdministrativeUnit.objects.get(structure="legacy", level="province", code="30")
    hp, hp_period = _hai_phong_month()
    scopes = [
        ("Hải Dương, 12 districts, 2023S1", hd, "2023S1", "legacy", "hai_duong"),
        ("Hải Phòng, 114 communes, 202512", hp, hp_period, "2025", "hai_phong"),
    ]
    figures: dict[str, Any] = {}
    for label, unit, code, structure, key in scopes:
        period = parse_period(code)
        reads = []
        for _ in range(3):
            start = time.perf_counter()
            content = report_content(actor=SYSTEM, unit=unit, period=period)
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
            rss = _peak_rss_mb(unit.code, code, fmt, structure)
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
