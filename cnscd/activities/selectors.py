"""Reads of the activity log, scoped like every read (SECURITY: the actor's
subtrees only)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from cnscd.activities.models import Activity
from cnscd.core.http import scoped_get
from cnscd.core.periods import Period
from cnscd.core.roles import NON_PARTNER_ROLES
from cnscd.core.system import Actor
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body
from cnscd.teams.selectors import body_get_for
from cnscd.units.selectors import scope_q, units_visible_to


def activities_visible_to(actor: Actor) -> QuerySet[Activity]:
    """Sessions in the actor's units; not for partner reporters."""
    return Activity.objects.filter(
        scope_q(actor, "unit__path", roles=NON_PARTNER_ROLES)
    )


def team_log_get_for(*, actor: Actor, pk: Any) -> Body:
    """The community team whose log the actor may read: in their units, and
    not through a partner reporter's assignment; Http404 otherwise."""
    body = body_get_for(actor=actor, pk=pk)
    if (
        body.kind != BodyKind.COMMUNITY_TEAM
        or not units_visible_to(actor, roles=NON_PARTNER_ROLES)
        .filter(pk=body.unit_id)
        .exists()
    ):
        raise Http404
    return body


def activity_get_for(*, actor: Actor, pk: Any) -> Activity:
    return scoped_get(
        activities_visible_to(actor).select_related("body", "body__unit", "unit"), pk
    )


@dataclass
class MonthLog:
    activities: list[Activity]
    sessions: int
    people: int


def month_log(*, actor: Actor, body: Body, month: Period) -> MonthLog:
    """A team's sessions in one month, newest first, with the month's totals."""
    qs = activities_visible_to(actor).filter(
        body=body, held_on__gte=month.start, held_on__lte=month.end
    )
    totals = qs.aggregate(n=Count("pk"), people=Sum("people_guided"))
    return MonthLog(
        list(qs.select_related("recorded_by")),
        totals["n"] or 0,
        totals["people"] or 0,
    )
