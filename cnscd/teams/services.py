"""Writes to bodies, decisions, people and memberships; each one audited."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cnscd.accounts.models import Organisation
from cnscd.core import audit
from cnscd.core.concurrency import update_versioned
from cnscd.core.documents import check_pdf
from cnscd.core.phones import PhoneError, normalize_phone
from cnscd.core.text import nfc, required_name, search_key
from cnscd.core.uploads import removed_on_error
from cnscd.teams.choices import BodyKind, BodyStatus, DecisionKind, Position, Sex
from cnscd.teams.models import Body, Decision, Membership, Person
from cnscd.teams.selectors import ELSEWHERE, can_edit_body, person_within_reach
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
PERSON_FIELDS = ["full_name", "sex", "birth_year", "phone", "email", "zalo"]
MEMBERSHIP_FIELDS = [
    "person",
    "body",
    "position",
    "custom_title",
    "affiliation",
    "affiliation_text",
    "started_on",
    "ended_on",
]


class PersonChanges(TypedDict, total=False):
    """The details an edit may change; a key left out keeps its value."""

    full_name: str
    sex: str
    birth_year: int | None
    phone: str
    email: str
    zalo: str


class MembershipChanges(TypedDict, total=False):
    """What an edit of a seat may change; a key left out keeps its value."""

    position: str
    custom_title: str
    affiliation: Organisation | None


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
    actor: Any,
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
def body_update(*, actor: Any, body: Body, version: int, **fields: Any) -> Body:
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
    actor: Any,
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
    actor: Any,
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


# --- people and memberships ------------------------------------------------------------


def clean_person_fields(
    *,
    full_name: str,
    sex: str = "",
    birth_year: int | None = None,
    phone: str = "",
    email: str = "",
    zalo: str = "",
) -> dict[str, Any]:
    """Validated, normalised person fields (NFC name, one phone form)."""
    name = required_name(full_name, label="Họ và tên")
    if len(name) > 150:
        raise ValidationError("Họ và tên không hợp lệ.")
    if sex not in Sex.values:
        raise ValidationError("Giới tính không hợp lệ.")
    this_year = timezone.localdate().year
    if birth_year is not None and not (this_year - 100 <= birth_year <= this_year - 10):
        raise ValidationError(f"Năm sinh {birth_year} không hợp lệ.")
    try:
        phone = normalize_phone(phone)
    except PhoneError as exc:
        raise ValidationError(str(exc)) from exc
    return {
        "full_name": name,
        "sex": sex,
        "birth_year": birth_year,
        "phone": phone,
        "email": (email or "").strip().lower(),
        "zalo": nfc(zalo or ""),
    }


def find_person(*, phone: str) -> Person | None:
    """The existing person with this phone; without a phone, nobody (never guess)."""
    if phone:
        return Person.objects.filter(phone=phone).first()
    return None


@transaction.atomic
def person_update(
    *, actor: Any, person: Person, version: int, **fields: Unpack[PersonChanges]
) -> Person:
    """Edit a person's details (officers or team leaders over one of their
    bodies). Only the fields given change; the others keep their values."""
    # Every body they sit in: a person shared with another commune is edited
    # by an officer over both (ADR 0004), never through one of them.
    _require(person.memberships.exists() and person_within_reach(actor, person))
    current = {f: getattr(person, f) for f in PERSON_FIELDS}
    clean = clean_person_fields(**{**current, **fields})
    if (
        clean["phone"]
        and Person.objects.filter(phone=clean["phone"]).exclude(pk=person.pk).exists()
    ):
        raise ValidationError(
            "Số điện thoại này đã thuộc về một người khác: hãy dùng chức năng gộp thành viên."
        )
    before = audit.snapshot(person, PERSON_FIELDS)
    changed = {f: clean[f] for f in fields}
    update_versioned(
        person, version, search_key=search_key(clean["full_name"]), **changed
    )
    audit.record(
        actor=actor,
        action="person.update",
        obj=person,
        unit_path=_person_unit_path(person),
        before=before,
        after=audit.snapshot(person, PERSON_FIELDS),
    )
    return person


def _person_unit_path(person: Person) -> str:
    m = person.memberships.select_related("body__unit").order_by("ended_on").first()
    return m.body.unit.path if m else ""


def membership_add(
    *,
    actor: Any,
    body: Body,
    person_fields: dict[str, Any],
    position: str,
    custom_title: str = "",
    affiliation: Organisation | None = None,
    affiliation_text: str = "",
    started_on: dt.date | None = None,
) -> Membership:
    """Seat a person in a body, reusing the person with the same phone number."""
    _require(can_edit_body(actor, body))
    if position not in Position.values:
        raise ValidationError("Chức vụ không hợp lệ.")
    if position == Position.CUSTOM and not nfc(custom_title):
        raise ValidationError("Hãy ghi chức danh.")
    clean = clean_person_fields(**person_fields)
    person = find_person(phone=clean["phone"])
    if person is not None and not person_within_reach(actor, person):
        # Audited outside the transaction: the refusal itself is kept.
        audit.record(
            actor=actor,
            action="person.link_refused",
            unit_path=body.unit.path,
            message="Từ chối: số điện thoại đã đăng ký ở đơn vị ngoài phạm vi.",
        )
        raise ValidationError(ELSEWHERE)
    with transaction.atomic():
        return _seat(
            actor,
            body,
            person,
            clean,
            position,
            custom_title,
            affiliation,
            affiliation_text,
            started_on,
        )


def _seat(
    actor: Any,
    body: Body,
    person: Person | None,
    clean: dict[str, Any],
    position: str,
    custom_title: str,
    affiliation: Organisation | None,
    affiliation_text: str,
    started_on: dt.date | None,
) -> Membership:
    if person is None:
        person = Person.objects.create(
            search_key=search_key(clean["full_name"]), **clean
        )
        audit.record(
            actor=actor,
            action="person.create",
            obj=person,
            unit_path=body.unit.path,
            after=audit.snapshot(person, PERSON_FIELDS),
        )
    if body.memberships.filter(person=person, ended_on__isnull=True).exists():
        raise ValidationError(f"{person.full_name} đang là thành viên của {body.name}.")
    membership = Membership.objects.create(
        person=person,
        body=body,
        position=position,
        custom_title=nfc(custom_title),
        affiliation=affiliation,
        affiliation_text=nfc(affiliation_text),
        started_on=started_on or body.established_on,
    )
    audit.record(
        actor=actor,
        action="membership.create",
        obj=membership,
        unit_path=body.unit.path,
        after=audit.snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: Any,
    membership: Membership,
    version: int,
    **changes: Unpack[MembershipChanges],
) -> Membership:
    """Change a member's position, title or affiliation; only what is given
    changes. Refused if the seat changed meanwhile."""
    _require(can_edit_body(actor, membership.body))
    position = changes.get("position", membership.position)
    if position not in Position.values:
        raise ValidationError("Chức vụ không hợp lệ.")
    if "custom_title" in changes:
        changes["custom_title"] = nfc(changes["custom_title"])
    if position == Position.CUSTOM and not changes.get(
        "custom_title", membership.custom_title
    ):
        raise ValidationError("Hãy ghi chức danh.")
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    update_versioned(membership, version, **changes)
    audit.record(
        actor=actor,
        action="membership.update",
        obj=membership,
        unit_path=membership.body.unit.path,
        before=before,
        after=audit.snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, on: dt.date) -> Membership:
    """A member leaves: the seat ends on `on`; the history stays."""
    _require(can_edit_body(actor, membership.body))
    if membership.ended_on is not None:
        raise ValidationError("Thành viên này đã rời tổ.")
    if membership.started_on and on < membership.started_on:
        raise ValidationError("Ngày rời tổ không được trước ngày tham gia.")
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    update_versioned(membership, membership.version, ended_on=on)
    audit.record(
        actor=actor,
        action="membership.end",
        obj=membership,
        unit_path=membership.body.unit.path,
        before=before,
        after=audit.snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def person_merge(*, actor: Any, keep: Person, duplicate: Person) -> Person:
    """Merge `duplicate` into `keep`: memberships move over, blank details are
    filled from the duplicate, the duplicate is deleted. Officers only, over
    every body the two people sit in."""
    if keep.pk == duplicate.pk:
        raise ValidationError("Hãy chọn hai người khác nhau.")
    bodies = Body.objects.filter(
        memberships__person__in=[keep, duplicate]
    ).select_related("unit")
    _require(all(can_manage(actor, b.unit) for b in bodies.distinct()))
    before = {
        "keep": audit.snapshot(keep, PERSON_FIELDS),
        "duplicate": {**audit.snapshot(duplicate, PERSON_FIELDS), "id": duplicate.pk},
    }
    for m in duplicate.memberships.all():
        clash = keep.memberships.filter(body=m.body, ended_on__isnull=True).exists()
        if clash and m.ended_on is None:
            m.ended_on = timezone.localdate()  # both were seated: keep one open seat
        m.person = keep
        m.save()
    phone = duplicate.phone
    for f in ("sex", "birth_year", "email", "zalo"):
        if not getattr(keep, f) and getattr(duplicate, f):
            setattr(keep, f, getattr(duplicate, f))
    duplicate.delete()
    if not keep.phone and phone:
        keep.phone = phone
    keep.version += 1
    keep.save()
    audit.record(
        actor=actor,
        action="person.merge",
        obj=keep,
        unit_path=_person_unit_path(keep),
        before=before,
        after=audit.snapshot(keep, PERSON_FIELDS),
    )
    return keep


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
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
    *, actor: Any, unit: AdministrativeUnit, rows: int, content: bytes
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
