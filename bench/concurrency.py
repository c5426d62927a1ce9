"""Issue #4: pivots per second with 4 concurrent clients. A real gunicorn
(2 workers × 2 threads, as on a 2-CPU server) serves /api/v1/pivot/ from the
bench database; 4 client threads ask for Hải Dương's half-year pivot over and
over for a fixed time, each with an API token, and every answer is checked."""

import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

CLIENTS = 4
SECONDS = 10.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, token: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            _get(url, token)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def _get(url: str, token: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data: dict[str, Any] = json.loads(response.read())
        return data


def bench_concurrency(rows_out: list[tuple[str, str]], results: dict[str, Any]) -> None:
    from cnscd.accounts.models import User
    from cnscd.accounts.services import token_issue
    from cnscd.units.models import AdministrativeUnit

    operator = User.objects.get(username="bench.operator")
    token = token_issue(actor=operator)
    hd = AdministrativeUnit.objects.get(structure="legacy", level="province", code="30")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api/v1/pivot/?unit={hd.pk}&period=2023S1"
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        cwd=root,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(url, token, time.monotonic() + 30)
        for _ in range(20):  # warm both workers
            _get(url, token)
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + SECONDS

        def client() -> None:
            mine: list[float] = []
            while time.monotonic() < stop:
                start = time.perf_counter()
                try:
                    data = _get(url, token)
                    if data["total"].get("citizens_guided") != 316105:
                        raise ValueError(f"wrong total {data['total']}")
                except (OSError, ValueError, KeyError) as exc:
                    with lock:
                        failures.append(str(exc))
                    continue
                mine.append((time.perf_counter() - start) * 1000)
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    if failures:
        raise SystemExit(f"{len(failures)} failed requests: {failures[:3]}")
    latencies.sort()
    figures = {
        "clients": CLIENTS,
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
    }
    results["pivot_concurrency"] = figures
    rows_out.append(
        (
            f"pivot API, {CLIENTS} concurrent clients, gunicorn 2×2 ({SECONDS:.0f} s)",
            f"{figures['per_second']} pivots/s · p50 {figures['p50_ms']} ms · "
            f"p95 {figures['p95_ms']} ms ({figures['requests']} answers, all checked)",
        )
    )
