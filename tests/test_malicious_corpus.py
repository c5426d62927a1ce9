"""The malicious-file corpus at every upload route (issue #13, the hostile
suite). Each file of `tests/hostile_files.CORPUS` — sparse and 10-million-cell
sheets, false dimensions, a DOCTYPE deep in a part, a zip bomb, a macro
workbook renamed, PDF/zip polyglots, a fake and a page-less PDF, a Jinja
attack in a Word file, 0 bytes and 50 MB — is posted to each route by an
officer allowed to use it. Every one is refused: never a 5xx, nothing stored
(people, seats, decisions, reports, values, templates…), no file kept.

How long and how much memory each refusal takes is measured, not asserted:
`make bench BENCH_ARGS=--only-uploads` (docs/performance.md)."""

from pathlib import Path
from typing import Any

import pytest

from cnscd.evaluation.models import CriterionScore
from conftest import client_for
from tests.hostile_files import CORPUS, files_in, upload
from tests.test_route_inventory import guarded_rows


def _evidence(cast: dict[str, Any]) -> dict[str, Any]:
    score = CriterionScore.objects.select_related("evaluation").get(
        pk=cast["ids"]["score_a"]
    )
    return {
        "url": f"/evaluation/sheet/?unit={cast['ids']['a']}&period=202306",
        "field": f"file:{score.criterion_id}",
        "data": {
            "action": "save",
            "version": score.evaluation.version,
            f"points:{score.criterion_id}": "6",
        },
    }


# route → (persona, url, file field, other fields); {x} filled from the cast.
ROUTES: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "member_import": ("commune_a_officer", "/teams/import/?unit={a}", "file", {}),
    "village_import": ("commune_a_officer", "/units/villages/import/", "file", {}),
    "sheet_import": (
        "province_officer",
        "/indicators/import/?unit={p}",
        "file",
        {"period": "202306", "form": ""},
    ),
    "criteria_import": ("province_officer", "/evaluation/sets/import/", "file", {}),
    "decision_scan": (
        "commune_a_officer",
        "/teams/{team_a1}/decisions/new/",
        "scan",
        {
            "kind": "reestablish",
            "number": "12/QĐ-UBND",
            "signed_on": "2024-01-15",
            "issuer": "UBND xã Thanh Miện",
        },
    ),
    "evidence": ("commune_a_officer", "", "", {}),
    "report_template": (
        "province_officer",
        "/reports/template/",
        "file",
        {"unit": "{p}", "period": "202306", "action": "upload"},
    ),
}


# A genuine Word file is sound evidence: its text is shown, never run as a
# template, so only the template route must refuse it.
ACCEPTED = {"evidence": {"jinja.docx"}}


def _fill(text: str, ids: dict[str, Any]) -> str:
    for key, value in ids.items():
        text = text.replace("{" + key + "}", str(value))
    return text


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_upload_route_refuses_the_whole_corpus(
    route: str, cast: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = media = tmp_path / "media"
    persona, url, field, data = ROUTES[route]
    if route == "evidence":
        found = _evidence(cast)
        url, field, data = found["url"], found["field"], found["data"]
    url = _fill(url, cast["ids"])
    data = {k: _fill(str(v), cast["ids"]) for k, v in data.items()}
    client = client_for(cast["users"][persona])
    client.raise_request_exception = False
    kept = sorted(files_in(media))
    for name in [n for n in CORPUS if n not in ACCEPTED.get(route, set())]:
        before = guarded_rows()
        response = client.post(
            url, {**data, field: upload(tmp_path / "in", name)}, follow=True
        )
        assert response.status_code < 500, f"{route}: {name}"
        assert guarded_rows() == before, f"{route} stored something from {name}"
        assert sorted(files_in(media)) == kept, f"{route} kept a file of {name}"
        uploads = client.session.get("cnscd_uploads", {})
        assert uploads == {}, f"{route} kept {name} for a later step"
