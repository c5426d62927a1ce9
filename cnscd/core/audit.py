"""Writing the audit trail. Call `record` inside the service's transaction."""

from typing import Any

from django.db import models

from cnscd.core import bulk
from cnscd.core.models import AuditEvent
from cnscd.core.system import Actor, user_row


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """Return the JSON-safe values of `fields` on `obj` (dates as ISO text)."""
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        data[name] = value
    return data


def event(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    unit_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEvent:
    """One event, not saved yet (see `record` and `record_many`)."""
    return AuditEvent(
        actor=user_row(actor),
        actor_name=(
            actor.get_username()
            if actor is not None and actor.is_authenticated
            else "hệ thống"
        ),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        unit_path=unit_path,
        before=before,
        after=after,
        message=message[:500],
    )


def record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    unit_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEvent:
    """Append one event. `actor` may be None for the system (loaders, commands)."""
    found = event(
        actor=actor,
        action=action,
        obj=obj,
        unit_path=unit_path,
        before=before,
        after=after,
        message=message,
    )
    found.save()
    return found


def record_many(events: list[AuditEvent]) -> None:
    """Append many events at once (an import that changes thousands of reports)."""
    bulk.insert_objects(events)
