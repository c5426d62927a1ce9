"""Writes to bodies, decisions and organisations; each one audited (people and
seats: `cnscd/teams/people.py`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cnscd.accounts.models import Organisation
from cnscd.core import audit
from cnscd.core.concurrency import update_versioned
from cnscd.core.documents import check_pdf
from cnscd.core.system import Actor
from cnscd.core.text import nfc, required_name, search_key
from cnscd.core.uploads import removed_on_error
from cnscd.teams.choices import BodyKind, BodyStatus, DecisionKind
from cnscd.teams.models import Body, Decision
from cnscd.teams.selectors import can_edit_body
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage

BODY_FIELDS = [
    "kind",
    "name",
    "unit",
    "status",
    "established_on",
    "ended_on",
    "zalo_group_url",
    "zalo_oa_url",
    "note",
]
BODY_LEVELS = {
    BodyKind.STEERING_COMMITTEE: {Level.PROVINCE, Level.DISTRICT, Level.COMMUNE},
    BodyKind.COMMUNITY_TEAM: {Level.VILLAGE, Level.COMMUNE},
}
DECISION_NUMBER = re.compile(r"^\d{1,6}[A-Za-z]?/[\w\-Đđ./&]+$")
MAX_SCAN_BYTES = 10 * 1024 * 1024


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied("Bạn không có quyền thay đổi dữ liệu của đơn vị này.")


# --- bodies -----------------------------------------------------------------------


def default_body_name(kind: str, unit: AdministrativeUnit) -> str:
    if kind == BodyKind.STEERING_COMMITTEE:
        return f"Tổ chỉ đạo triển khai CNSCĐ {unit.name}"
    return f"Tổ CNSCĐ {unit.name}"


@transaction.atomic
def body_create(
    *,
    actor: Actor,
    kind: str,
    unit: AdministrativeUnit,
    name: str = "",
    established_on: dt.date | None = None,
    zalo_group_url: str = "",
    zalo_oa_url: str = "",
    note: str = "",
) -> Body:
    """Register a steering committee or a community team on `unit`."""
    _require(can_manage(actor, unit))
    if kind not in BODY_LEVELS:
        raise ValidationError("Loại tổ không hợp lệ.")
    if unit.level not in BODY_LEVELS[BodyKind(kind)]:
        raise ValidationError(
            f"{BodyKind(kind).label} không đặt được ở {unit.get_level_display().lower()}."
        )
    body = Body.objects.create(
        kind=kind,
        unit=unit,
        name=required_name(name, label="Tên tổ")
        if name.strip()
        else default_body_name(kind, unit),
        established_on=established_on,
        zalo_group_url=zalo_group_url,
        zalo_oa_url=zalo_oa_url,
        note=note,
    )
    audit.record(
        actor=actor,
        action="body.create",
        obj=body,
        unit_path=unit.path,
        after=audit.snapshot(body, BODY_FIELDS),
    )
    return body


@transaction.atomic
def body_update(*, actor: Actor, body: Body, version: int, **fields: Any) -> Body:
    """Change a body's name, links or note; refused if it changed meanwhile."""
    _require(can_edit_body(actor, body))
    allowed = {"name", "zalo_group_url", "zalo_oa_url", "note"}
    if set(fields) - allowed:
        raise ValidationError("Trường không được phép sửa.")
    if "name" in fields:
        fields["name"] = required_name(fields["name"], label="Tên tổ")
    before = audit.snapshot(body, BODY_FIELDS)
    update_versioned(body, version, **fields)
    audit.record(
        actor=actor,
        action="body.update",
        obj=body,
        unit_path=body.unit.path,
        before=before,
        after=audit.snapshot(body, BODY_FIELDS),
    )
    return body


@transaction.atomic
def body_set_status(
    *,
    actor: Actor,
    body: Body,
    status: str,
    on: dt.date,
    merged_into: Body | None = None,
) -> Body:
    """Dissolve or merge a body (ending its open memberships), or reactivate it."""
    _require(can_manage(actor, body.unit))
    if status not in BodyStatus.values:
        raise ValidationError("Trạng thái không hợp lệ.")
    if status == BodyStatus.MERGED and (
        merged_into is None or merged_into.pk == body.pk
    ):
        raise ValidationError("Hãy chọn tổ được sáp nhập vào.")
    if body.established_on and on < body.established_on:
        raise ValidationError("Ngày kết thúc không được trước ngày thành lập.")
    before = audit.snapshot(body, BODY_FIELDS)
    body.status = status
    body.ended_on = None if status == BodyStatus.ACTIVE else on
    body.merged_into = merged_into if status == BodyStatus.MERGED else None
    body.version += 1
    body.save()
    if status != BodyStatus.ACTIVE:
        body.memberships.filter(ended_on__isnull=True).update(ended_on=on)
    audit.record(
        actor=actor,
        action="body.status",
        obj=body,
        unit_path=body.unit.path,
        before=before,
        after=audit.snapshot(body, BODY_FIELDS),
    )
    return body


def _scan_bytes(scan: UploadedFile[bytes] | None) -> bytes | None:
    """The scan's bytes, refused unless a PDF of at most 10 MB with a page."""
    if scan is None:
        return None
    data: bytes = scan.read(MAX_SCAN_BYTES + 1)
    if len(data) > MAX_SCAN_BYTES:
        raise ValidationError("Bản quét lớn hơn 10 MB.")
    try:
        check_pdf(data)
    except ValidationError as exc:
        raise ValidationError(f"Bản quét: {exc.messages[0]}") from exc
    return data


@transaction.atomic
def decision_add(
    *,
    actor: Actor,
    body: Body,
    kind: str,
    number: str,
    signed_on: dt.date,
    issuer: str,
    note: str = "",
    scan: UploadedFile[bytes] | None = None,
) -> Decision:
    """Record a decision. Establishing sets the founding date; dissolving ends the
    body and its memberships on the signing date."""
    _require(can_manage(actor, body.unit))
    number = nfc(number).replace(" ", "")
    if not DECISION_NUMBER.match(number):
        raise ValidationError(
            f"Số quyết định “{number}” không đúng dạng (ví dụ 689/QĐ-UBND)."
        )
    if kind not in DecisionKind.values:
        raise ValidationError("Loại quyết định không hợp lệ.")
    if signed_on > timezone.localdate():
        raise ValidationError("Ngày ký không được ở tương lai.")
    scan_data = _scan_bytes(scan)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                body=body,
                kind=kind,
                number=number,
                signed_on=signed_on,
                issuer=nfc(issuer),
                note=nfc(note),
            )
    except IntegrityError as exc:
        raise ValidationError(f"Quyết định {number} ngày này đã được ghi.") from exc
    if kind == DecisionKind.ESTABLISH and (
        body.established_on is None or body.established_on > signed_on
    ):
        Body.objects.filter(pk=body.pk).update(
            established_on=signed_on, version=body.version + 1
        )
        body.refresh_from_db()
    audit.record(
        actor=actor,
        action="decision.create",
        obj=decision,
        unit_path=body.unit.path,
        after={
            "body": body.pk,
            "kind": kind,
            "number": number,
            "signed_on": signed_on.isoformat(),
            "issuer": issuer,
        },
    )
    if kind == DecisionKind.DISSOLVE:
        body_set_status(
            actor=actor, body=body, status=BodyStatus.DISSOLVED, on=signed_on
        )
    if scan_data is not None:  # last, so that a refusal above writes no file
        with removed_on_error() as written:
            decision.scan.save(
                f"qd-{decision.pk}.pdf", ContentFile(scan_data), save=False
            )
            written.append(Path(decision.scan.path))
            decision.save(update_fields=["scan"])
    return decision


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    short_name: str = "",
    kind: str = "other",
    aliases: str = "",
) -> Organisation:
    """Add an organisation to the managed list (officers)."""
    from cnscd.accounts.selectors import can_manage_users

    _require(can_manage_users(actor))
    name = required_name(name, label="Tên tổ chức")
    if Organisation.objects.filter(search_key=search_key(name)).exists():
        raise ValidationError(f"Tổ chức “{name}” đã có trong danh sách.")
    if kind not in Organisation.Kind.values:
        raise ValidationError("Loại tổ chức không hợp lệ.")
    org = Organisation.objects.create(
        name=name,
        short_name=nfc(short_name),
        kind=kind,
        aliases=nfc(aliases),
        search_key=search_key(name),
    )
    audit.record(
        actor=actor,
        action="organisation.create",
        obj=org,
        after={"name": name, "short_name": short_name, "kind": kind},
    )
    return org


def match_organisation(text: str, catalogue: list[Organisation]) -> Organisation | None:
    """The organisation a free-text "Đơn vị công tác" names: equal to a name,
    short name or alias, else the longest alias contained in the text."""
    key = search_key(text)
    if not key:
        return None
    best: tuple[int, Organisation] | None = None
    for org in catalogue:
        names = [org.name, org.short_name, *org.aliases.split(";")]
        keys = [search_key(n) for n in names if n.strip()]
        if key in keys:
            return org
        for k in keys:
            if (
                len(k) >= 3
                and re.search(rf"(^|\W){re.escape(k)}(\W|$)", key)
                and (best is None or len(k) > best[0])
            ):
                best = (len(k), org)
    return best[1] if best else None


def export_recorded(
    *, actor: Actor, unit: AdministrativeUnit, rows: int, content: bytes
) -> None:
    """One audit event per export: who, which unit, how many rows, the file's hash."""
    import hashlib

    audit.record(
        actor=actor,
        action="members.export",
        obj=unit,
        unit_path=unit.path,
        after={"rows": rows, "sha256": hashlib.sha256(content).hexdigest()},
    )
