"""Issue #13 figures: how fast, and with how much memory, each upload route
refuses each file of the malicious corpus (tests/hostile_files.py): sparse and
10-million-cell sheets, false dimensions, a late DOCTYPE, a zip bomb, a macro
workbook renamed, polyglots, fake and page-less PDFs, a Jinja attack, 0 bytes
and 50 MB. The goal is ≤ 2 s and ≤ 100 MB for every refusal.

Time is one request through the Django test client (multipart encoding
excluded: the body is encoded first). Memory is the peak of Python
allocations during a second request (tracemalloc), less the request body that
the test client holds in memory and a worker would stream from its socket.
"""

import io
import time
import tracemalloc
from typing import Any


def _routes(operator: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    from django.test import Client

    from cnscd.evaluation.models import Evaluation
    from cnscd.teams.models import Body
    from cnscd.units.models import AdministrativeUnit

    hd = AdministrativeUnit.objects.get(structure="legacy", level="province", code="30")
    commune = AdministrativeUnit.objects.filter(
        path__startswith=hd.path, level="commune"
    ).order_by("code")[0]
    team = Body.objects.filter(kind="community_team").order_by("pk")[0]
    sheet_url = f"/evaluation/sheet/?unit={commune.pk}&period=2023S1"
    client = Client()
    client.force_login(operator)
    client.post(sheet_url, {"action": "open"})
    sheet = Evaluation.objects.filter(unit=commune, period="2023S1").first()
    routes: dict[str, tuple[str, str, dict[str, Any]]] = {
        "member import": (f"/teams/import/?unit={commune.pk}", "file", {}),
        "village import": ("/units/villages/import/", "file", {}),
        "sheet import": (
            f"/indicators/import/?unit={hd.pk}",
            "file",
            {"period": "2023S1", "form": ""},
        ),
        "criteria import": ("/evaluation/sets/import/", "file", {}),
        "decision scan": (
            f"/teams/{team.pk}/decisions/new/",
            "scan",
            {
                "kind": "reestablish",
                "number": "99/QĐ-UBND",
                "signed_on": "2024-01-15",
                "issuer": "UBND xã",
            },
        ),
        "report template": (
            "/reports/template/",
            "file",
            {"unit": hd.pk, "period": "2023S1", "action": "upload"},
        ),
    }
    if sheet is not None:
        score = sheet.scores.order_by("pk").first()
        if score is not None:
            routes["evidence"] = (
                sheet_url,
                f"file:{score.criterion_id}",
                {"action": "save", "version": sheet.version},
            )
    return routes


BOUNDARY = "cnscd-bench-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def bench_uploads(rows: list[tuple[str, str]], results: dict[str, object]) -> None:
    from django.test import Client
    from django.test.client import encode_multipart

    from cnscd.accounts.models import User
    from tests.hostile_files import CORPUS, GENERATORS

    operator = User.objects.get(username="bench.operator")
    files = {name: GENERATORS[name]() for name in CORPUS}
    figures: dict[str, dict[str, object]] = {}
    for route, (url, field, data) in _routes(operator).items():
        client = Client()
        client.force_login(operator)
        client.raise_request_exception = False
        worst_s, worst_mb, statuses = 0.0, 0.0, set()
        for name, content in files.items():
            upload = io.BytesIO(content)
            upload.name = name
            body = encode_multipart(BOUNDARY, {**data, field: upload})

            def post(c=client, u=url, b=body) -> int:
                return c.generic("POST", u, b, MULTIPART).status_code

            start = time.perf_counter()
            statuses.add(post())
            worst_s = max(worst_s, time.perf_counter() - start)
            tracemalloc.start()
            post()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            # The test client copies the whole body into memory first; a
            # worker reads it from the socket (files above 2,5 MB go to a
            # temporary file), so the body's own size is taken off.
            worst_mb = max(worst_mb, (peak - len(body)) / 2**20)
        figures[route] = {
            "files": len(files),
            "worst_s": round(worst_s, 2),
            "worst_mb": round(worst_mb, 1),
            "server_errors": sum(1 for s in statuses if s >= 500),
        }
        rows.append(
            (
                f"refusing the malicious corpus: {route} ({len(files)} files)",
                f"worst {worst_s:.2f} s · worst growth {worst_mb:.1f} MB · "
                f"5xx {figures[route]['server_errors']}",
            )
        )
    results["malicious_uploads"] = figures
