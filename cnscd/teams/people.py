"""Writes to people and their seats (memberships); each one audited.

A person is identified by their phone number, and that identity does not cross
scope (ADR 0004): linking or editing a person needs reach over every body
they sit in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cnscd.accounts.models import Organisation
from cnscd.core import audit
from cnscd.core.concurrency import update_versioned
from cnscd.core.phones import PhoneError, normalize_phone
from cnscd.core.system import Actor
from cnscd.core.text import nfc, required_name, search_key
from cnscd.teams.choices import Position, Sex
from cnscd.teams.models import Body, Membership, Person
from cnscd.teams.selectors import ELSEWHERE, can_edit_body, person_within_reach
from cnscd.teams.services import _require
from cnscd.units.selectors import can_manage

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
    *, actor: Actor, person: Person, version: int, **fields: Unpack[PersonChanges]
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
    actor: Actor,
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
    actor: Actor,
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
    actor: Actor,
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
    return _change_seat(actor, membership, version, "membership.update", **changes)


@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership, on: dt.date) -> Membership:
    """A member leaves: the seat ends on `on`; the history stays."""
    _require(can_edit_body(actor, membership.body))
    if membership.ended_on is not None:
        raise ValidationError("Thành viên này đã rời tổ.")
    if membership.started_on and on < membership.started_on:
        raise ValidationError("Ngày rời tổ không được trước ngày tham gia.")
    return _change_seat(
        actor, membership, membership.version, "membership.end", ended_on=on
    )


def _change_seat(
    actor: Actor, membership: Membership, version: int, action: str, **changes: Any
) -> Membership:
    """Write a seat's changes under the version check, audited before/after."""
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    update_versioned(membership, version, **changes)
    audit.record(
        actor=actor,
        action=action,
        obj=membership,
        unit_path=membership.body.unit.path,
        before=before,
        after=audit.snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def person_merge(*, actor: Actor, keep: Person, duplicate: Person) -> Person:
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
