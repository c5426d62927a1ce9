"""Logging a team's sessions. Every change recomputes, in the same transaction,
the village's values of the month derived from the log (`activity_sessions`,
`activity_people_guided`, source "Tổng hợp từ nhật ký hoạt động"), so the
commune, district, province and country totals move at once."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from cnscd.activities.choices import ActivityKind
from cnscd.activities.models import MAX_PEOPLE, Activity
from cnscd.core import audit
from cnscd.core.concurrency import update_versioned
from cnscd.core.formatting import format_date, format_number
from cnscd.core.params import FIRST_DAY
from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.core.system import Actor, user_row
from cnscd.indicators import services as values
from cnscd.indicators.choices import Source
from cnscd.indicators.models import Form, Indicator
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body
from cnscd.teams.selectors import assigned_at, can_edit_body
from cnscd.units.models import AdministrativeUnit
from cnscd.units.services import lock_unit

FORM = "nk-hoat-dong"
SESSIONS = "activity_sessions"
PEOPLE = "activity_people_guided"
# One session guiding more people than this is a typing slip, not a session.


def can_record(actor: Actor, body: Body) -> bool:
    """The team's members and leader (assigned to its village), and the
    officers over it."""
    if body.kind != BodyKind.COMMUNITY_TEAM:
        return False
    return can_edit_body(actor, body) or assigned_at(actor, body.unit, Role.TEAM_MEMBER)


@dataclass
class Entry:
    held_on: dt.date | None
    kind: str
    people_guided: int | None
    place: str = ""
    note: str = ""


def _check(body: Body, entry: Entry) -> tuple[dt.date, int]:
    """The day and the number of people, or field errors in Vietnamese
    (nothing is written while one stands)."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    day = entry.held_on
    if day is None:
        errors["held_on"] = "Hãy ghi ngày, ví dụ 15/6/2023."
    elif day > today:
        errors["held_on"] = "Ngày chưa đến: chỉ ghi những buổi đã diễn ra."
    elif day < FIRST_DAY:
        errors["held_on"] = (
            f"Ngày trước {format_date(FIRST_DAY)}: hãy kiểm tra lại năm đã gõ."
        )
    elif body.established_on and day < body.established_on:
        errors["held_on"] = (
            f"Tổ thành lập ngày {format_date(body.established_on)}; "
            "buổi này diễn ra trước đó."
        )
    elif body.ended_on and day >= body.ended_on:
        successor = body.merged_into
        errors["held_on"] = (
            f"Tổ đã thôi hoạt động từ ngày {format_date(body.ended_on)}."
            + (
                f" Hãy ghi buổi này cho {successor.name} ({successor.unit.name}), "
                "tổ tiếp nối."
                if successor is not None
                else ""
            )
        )
    elif body.unit.valid_until and day > body.unit.valid_until:
        errors["held_on"] = (
            f"{body.unit.name} thuộc cơ cấu hành chính cũ, chỉ đến ngày "
            f"{format_date(body.unit.valid_until)}; hãy ghi buổi này cho Tổ của "
            "thôn, tổ dân phố hiện nay."
        )
    elif body.unit.valid_from and day < body.unit.valid_from:
        errors["held_on"] = (
            f"{body.unit.name} có từ ngày {format_date(body.unit.valid_from)}; "
            "buổi trước đó thuộc thôn, tổ dân phố cũ."
        )
    if entry.kind not in ActivityKind.values:
        errors["kind"] = "Hãy chọn nội dung buổi hướng dẫn."
    if entry.people_guided is None:
        errors["people_guided"] = (
            "Hãy ghi số người dân được hướng dẫn (0 nếu không có)."
        )
    elif not 0 <= entry.people_guided <= MAX_PEOPLE:
        errors["people_guided"] = (
            f"Một buổi từ 0 đến {format_number(MAX_PEOPLE)} người; "
            "hãy kiểm tra lại số đã gõ."
        )
    if len(entry.place) > 200:
        errors["place"] = "Địa điểm dài quá 200 ký tự."
    if errors or day is None or entry.people_guided is None:
        raise ValidationError(errors)
    return day, entry.people_guided


def refresh_month(
    *, actor: Actor, unit: AdministrativeUnit, year: int, month: int
) -> None:
    """Recompute the village's derived values for one month from its log."""
    lock_unit(unit)  # sessions logged at once: the second counts the first's
    period = parse_period(f"{year}{month:02d}")
    found = Activity.objects.filter(
        unit=unit, held_on__year=year, held_on__month=month
    ).aggregate(n=Count("pk"), people=Sum("people_guided"))
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=[SESSIONS, PEOPLE])
    }
    report = values.report_for(
        form=Form.objects.get(code=FORM), unit=unit, period=period
    )
    values.values_store(
        actor=actor,
        report=report,
        period=period,
        values=[
            values.ValueInput(
                indicators[SESSIONS],
                Decimal(found["n"]) if found["n"] else None,
                source=Source.ACTIVITIES,
            ),
            values.ValueInput(
                indicators[PEOPLE],
                Decimal(found["people"]) if found["n"] else None,
                source=Source.ACTIVITIES,
            ),
        ],
    )


def _snapshot(a: Activity) -> dict[str, Any]:
    return {
        "held_on": a.held_on.isoformat(),
        "kind": a.kind,
        "people_guided": a.people_guided,
        "place": a.place,
    }


@transaction.atomic
def activity_create(*, actor: Actor, body: Body, entry: Entry) -> Activity:
    if not can_record(actor, body):
        raise PermissionDenied("Bạn không ghi nhật ký cho Tổ này được.")
    day, people = _check(body, entry)
    activity = Activity.objects.create(
        body=body,
        unit=body.unit,
        held_on=day,
        kind=entry.kind,
        people_guided=people,
        place=entry.place.strip(),
        note=entry.note.strip(),
        recorded_by=user_row(actor),
    )
    refresh_month(actor=actor, unit=body.unit, year=day.year, month=day.month)
    audit.record(
        actor=actor,
        action="activity.create",
        obj=activity,
        unit_path=body.unit.path,
        after=_snapshot(activity),
    )
    return activity


@transaction.atomic
def activity_update(
    *, actor: Actor, activity: Activity, version: int, entry: Entry
) -> Activity:
    """Correct a logged session (the version the page was opened with must
    still be current); both months it touches are recomputed."""
    if not can_record(actor, activity.body):
        raise PermissionDenied("Bạn không sửa nhật ký của Tổ này được.")
    day, people = _check(activity.body, entry)
    before = _snapshot(activity)
    old_day = activity.held_on
    update_versioned(
        activity,
        version,
        held_on=day,
        kind=entry.kind,
        people_guided=people,
        place=entry.place.strip(),
        note=entry.note.strip(),
    )
    for year, month in {(old_day.year, old_day.month), (day.year, day.month)}:
        refresh_month(actor=actor, unit=activity.unit, year=year, month=month)
    audit.record(
        actor=actor,
        action="activity.update",
        obj=activity,
        unit_path=activity.unit.path,
        before=before,
        after=_snapshot(activity),
    )
    return activity


@transaction.atomic
def activity_delete(*, actor: Actor, activity: Activity, version: int) -> None:
    if not can_record(actor, activity.body):
        raise PermissionDenied("Bạn không xóa nhật ký của Tổ này được.")
    before = _snapshot(activity)
    update_versioned(activity, version)  # refuses a stale page
    day, unit, pk = activity.held_on, activity.unit, activity.pk
    activity.delete()
    refresh_month(actor=actor, unit=unit, year=day.year, month=day.month)
    audit.record(
        actor=actor,
        action="activity.delete",
        obj=None,
        unit_path=unit.path,
        before=before | {"id": pk},
    )
