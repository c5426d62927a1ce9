"""Hostile files as evaluation evidence and as criteria tables: refused with a
Vietnamese reason, nothing stored, no file left on disk."""

import html
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cnscd.core.periods import parse_period
from cnscd.evaluation import services
from cnscd.evaluation.models import CriteriaSet, CriterionScore, Evaluation
from cnscd.evaluation.tests.test_pages import reported  # noqa: F401 - fixture
from conftest import Tree, client_for
from tests.hostile_files import REFUSED_EVERYWHERE, files_in, upload, valid_pdf

EVIDENCE_SAYS = {
    "sparse-corner.xlsx": "vượt giới hạn đọc an toàn",
    "ten-million-area.xlsx": "vượt giới hạn đọc an toàn",
    "false-dimension.xlsx": "vượt giới hạn đọc an toàn",
    "late-doctype.xlsx": "Tệp chứa khai báo XML không được phép (DTD/ENTITY).",
    "fake.pdf": "Tệp không phải PDF hợp lệ (không mở được)",
    "pageless.pdf": "Tệp PDF không có trang nào.",
    "empty.xlsx": "Tệp rỗng.",
}
CRITERIA_SAYS = {**EVIDENCE_SAYS, "fake.pdf": "Tệp không phải bảng tính Excel .xlsx."}


def _sheet(client, tree: Tree) -> tuple[str, Evaluation, int]:
    url = f"/evaluation/sheet/?unit={tree.a.pk}&period=202306"
    assert client.post(url, {"action": "open"}).status_code == 302
    evaluation = Evaluation.objects.get(unit=tree.a)
    return url, evaluation, evaluation.scores.get(number="8").criterion_id


@pytest.mark.parametrize("name", [*REFUSED_EVERYWHERE, "pageless.pdf"])
def test_evidence_refuses_hostile_files_and_writes_nothing(
    reported: Tree,  # noqa: F811
    commune_a_officer,
    media: Path,
    tmp_path: Path,
    name: str,
) -> None:
    client = client_for(commune_a_officer)
    url, evaluation, manual = _sheet(client, reported)
    response = client.post(
        url,
        {
            "action": "submit",
            "version": evaluation.version,
            f"points:{manual}": "6",
            f"file:{manual}": upload(tmp_path / "in", name),
        },
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert f"Tài liệu kiểm chứng “{name}”: " in page and EVIDENCE_SAYS[name] in page
    evaluation.refresh_from_db()
    assert evaluation.status == "draft"
    assert not CriterionScore.objects.exclude(evidence_token="").exists()
    assert not CriterionScore.objects.filter(self_points__isnull=False).exists()
    assert files_in(media) == []


def test_one_refused_file_keeps_the_others_of_the_sheet_off_disk(
    reported: Tree,  # noqa: F811
    commune_a_officer,
    media: Path,
    tmp_path: Path,
) -> None:
    client = client_for(commune_a_officer)
    url, evaluation, manual = _sheet(client, reported)
    other = evaluation.scores.exclude(criterion_id=manual).first().criterion_id
    client.post(
        url,
        {
            "action": "save",
            "version": evaluation.version,
            f"file:{other}": upload(tmp_path, "valid.pdf"),
            f"file:{manual}": upload(tmp_path, "fake.pdf"),
        },
    )
    assert not CriterionScore.objects.exclude(evidence_token="").exists()
    assert files_in(media) == []


def test_sound_evidence_is_kept_0600_in_a_0700_folder(
    reported: Tree,  # noqa: F811
    commune_a_officer,
    media: Path,
    tmp_path: Path,
) -> None:
    client = client_for(commune_a_officer)
    url, evaluation, manual = _sheet(client, reported)
    client.post(
        url,
        {
            "action": "save",
            "version": evaluation.version,
            f"file:{manual}": upload(tmp_path, "valid.pdf"),
        },
    )
    row = CriterionScore.objects.get(criterion_id=manual, evaluation=evaluation)
    (path,) = files_in(media)
    assert path.name == row.evidence_token and row.evidence_name == "valid.pdf"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_evidence_names_lose_bidi_tricks_whoever_calls(
    reported: Tree,  # noqa: F811
    commune_a_officer,
    media: Path,
) -> None:
    """Django already drops such characters from multipart file names; the
    service does not rely on being called from a form."""
    evaluation = services.evaluation_open(
        actor=commune_a_officer,
        unit=reported.a,
        period=parse_period("202306"),
        cset=CriteriaSet.objects.get(code="cnscd-du-thao-dia-phuong"),
        band_set=None,
    )
    manual = evaluation.scores.get(number="8").criterion_id
    with pytest.raises(ValidationError) as info:
        services.evaluation_self_assess(
            actor=commune_a_officer,
            evaluation=evaluation,
            version=evaluation.version,
            entries=[
                services.SelfEntry(manual, None, file=(b"MZ", "anh\u202egnp.exe"))
            ],
            band_set=None,
        )
    assert info.value.messages[0].startswith("Tài liệu kiểm chứng “anhgnp.exe”")
    evaluation.refresh_from_db()
    services.evaluation_self_assess(
        actor=commune_a_officer,
        evaluation=evaluation,
        version=evaluation.version,
        entries=[
            services.SelfEntry(
                manual, None, file=(valid_pdf(), "bien-ban\u202efdp.pdf")
            )
        ],
        band_set=None,
    )
    row = evaluation.scores.get(criterion_id=manual)
    assert row.evidence_name == "bien-banfdp.pdf"


@pytest.mark.parametrize("name", REFUSED_EVERYWHERE)
def test_criteria_import_refuses_hostile_files_and_keeps_nothing(
    province_officer, media: Path, tmp_path: Path, name: str
) -> None:
    client = client_for(province_officer)
    before = CriteriaSet.objects.count()
    response = client.post(
        "/evaluation/sets/import/", {"file": upload(tmp_path / "in", name)}
    )
    assert CRITERIA_SAYS[name] in html.unescape(response.content.decode())
    assert response.context["token"] == ""
    assert CriteriaSet.objects.count() == before
    assert files_in(media) == []
    assert client.session.get("cnscd_uploads", {}) == {}
