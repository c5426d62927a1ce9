"""Reads of bodies, people and memberships — always through the actor's scope.

Bodies are visible in the subtrees of the actor's units. People are visible
through their memberships: partner reporters see only the people whose
membership names their own organisation.
"""

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import Http404

from cnscd.accounts.models import Organisation
from cnscd.core.params import id_or_404
from cnscd.core.roles import NON_PARTNER_ROLES, OFFICER_ROLES, Role
from cnscd.core.system import Actor
from cnscd.core.text import search_key
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body, Decision, Membership, Person
from cnscd.units.models import AdministrativeUnit, path_upper_bound
from cnscd.units.selectors import can_manage, covers_all, scope_paths, scope_q

# --- bodies ------------------------------------------------------------------------


def bodies_visible_to(actor: Actor) -> QuerySet[Body]:
    """Bodies whose unit lies in the actor's subtrees."""
    return Body.objects.filter(scope_q(actor, "unit__path"))


def body_get_for(*, actor: Actor, pk: Any) -> Body:
    """One body in scope, or Http404."""
    body = (
        bodies_visible_to(actor).filter(pk=id_or_404(pk)).select_related("unit").first()
    )
    if body is None:
        raise Http404
    return body


def body_active_q(day: dt.date, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}established_on__isnull": True})
        | Q(**{f"{prefix}established_on__lte": day})
    ) & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day}))


def membership_active_q(day: dt.date, prefix: str = "") -> Q:
    return (
        (
            Q(**{f"{prefix}started_on__isnull": True})
            | Q(**{f"{prefix}started_on__lte": day})
        )
        & (
            Q(**{f"{prefix}ended_on__isnull": True})
            | Q(**{f"{prefix}ended_on__gt": day})
        )
        & body_active_q(day, f"{prefix}body__")
    )


def body_list(
    *,
    actor: Actor,
    unit: AdministrativeUnit | None = None,
    kind: str | None = None,
    status: str | None = None,
    active_on: dt.date | None = None,
    q: str = "",
) -> QuerySet[Body]:
    """Bodies in scope, filtered; each with `member_count` (current members)."""
    qs = bodies_visible_to(actor).select_related("unit")
    if unit is not None:
        qs = qs.filter(
            unit__path__gte=unit.path, unit__path__lt=path_upper_bound(unit.path)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if active_on:
        qs = qs.filter(body_active_q(active_on))
    if q:
        qs = qs.filter(
            Q(unit__search_key__contains=search_key(q)) | Q(name__icontains=q)
        )
    return qs.annotate(
        member_count=Count("memberships", filter=Q(memberships__ended_on__isnull=True))
    ).order_by("unit__path", "kind", "name")


def body_members(
    *, actor: Actor, body: Body, include_past: bool = False
) -> QuerySet[Membership]:
    """The body's memberships the actor may see (current ones unless `include_past`)."""
    qs = (
        Membership.objects.filter(body=body)
        .filter(membership_scope_q(actor))
        .select_related("person", "affiliation")
    )
    if not include_past:
        qs = qs.filter(ended_on__isnull=True)
    return qs.order_by("ended_on", "position", "person__search_key")


def body_decisions(body: Body) -> QuerySet[Decision]:
    return body.decisions.order_by("signed_on", "pk")


def assigned_at(actor: Actor, unit: AdministrativeUnit, *roles: str) -> bool:
    """Whether the actor holds one of `roles` on `unit` itself (a team leader
    or member is assigned to the team's village, not to a subtree)."""
    return unit.path in (scope_paths(actor, roles=frozenset(roles)) or [])


def can_edit_body(actor: Actor, body: Body) -> bool:
    """Officers over the body's unit; a team leader over their own team."""
    if can_manage(actor, body.unit):
        return True
    return body.kind == BodyKind.COMMUNITY_TEAM and assigned_at(
        actor, body.unit, Role.TEAM_LEADER
    )


# --- people ------------------------------------------------------------------------

# What an actor is told when a phone number belongs to someone they may not
# reach: nothing about who (ADR 0004).
ELSEWHERE = (
    "Số điện thoại này đã được đăng ký ở đơn vị khác. Hãy nhờ cán bộ quản lý "
    "cả hai đơn vị (cấp trên của bạn) thêm người này."
)


def person_within_reach(actor: Actor, person: Person) -> bool:
    """Whether the actor may edit every body the person sits in (now or
    before): only then may they link or edit that person."""
    bodies = list(
        Body.objects.filter(memberships__person=person)
        .select_related("unit")
        .distinct()
    )
    return all(can_edit_body(actor, b) for b in bodies)


def people_out_of_reach(actor: Actor, people: list[Person]) -> set[int]:
    """Of `people`, those sitting in a body outside the actor's officer scope
    (an import links only people the importing officer fully covers)."""
    paths: dict[int, list[str]] = {}
    for person_id, path in Membership.objects.filter(
        person__in=[p for p in people if p.pk]
    ).values_list("person_id", "body__unit__path"):
        paths.setdefault(person_id, []).append(path)
    return {
        pk
        for pk, found in paths.items()
        if not covers_all(actor, found, roles=OFFICER_ROLES)
    }


def membership_scope_q(actor: Actor, prefix: str = "") -> Q:
    """Memberships the actor may see: in their subtrees, and for partner reporters
    only those affiliated with the reporter's organisation."""
    path = f"{prefix}body__unit__path"
    if scope_paths(actor) is None:
        return Q()
    q = (
        scope_q(actor, path, roles=NON_PARTNER_ROLES)
        if scope_paths(actor, roles=NON_PARTNER_ROLES)
        else Q(pk__in=[])
    )
    for a in actor.assignments.filter(role=Role.PARTNER_REPORTER).select_related(
        "unit"
    ):
        q |= Q(
            **{
                f"{path}__gte": a.unit.path,
                f"{path}__lt": path_upper_bound(a.unit.path),
                f"{prefix}affiliation_id": a.organisation_id,
            }
        )
    return q


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    """People with at least one membership (current or past) the actor may see."""
    if scope_paths(actor) is None:
        return Person.objects.all()
    visible = Membership.objects.filter(
        membership_scope_q(actor), person=OuterRef("pk")
    )
    return Person.objects.filter(Exists(visible))


def person_get_for(*, actor: Actor, pk: Any) -> Person:
    person = people_visible_to(actor).filter(pk=id_or_404(pk)).first()
    if person is None:
        raise Http404
    return person


def person_memberships(*, actor: Actor, person: Person) -> QuerySet[Membership]:
    """The person's memberships the actor may see, current first."""
    return (
        person.memberships.filter(membership_scope_q(actor))
        .select_related("body", "body__unit", "affiliation")
        .order_by("ended_on", "-started_on")
    )


def member_list(
    *,
    actor: Actor,
    unit: AdministrativeUnit | None = None,
    position: str | None = None,
    affiliation: int | None = None,
    active_on: dt.date | None = None,
    kind: str | None = None,
    q: str = "",
) -> QuerySet[Membership]:
    """Memberships in scope with filters: unit subtree, position, affiliation,
    active on a date (default: current ones), body kind, name."""
    qs = Membership.objects.filter(membership_scope_q(actor)).select_related(
        "person", "body", "body__unit", "affiliation"
    )
    if unit is not None:
        qs = qs.filter(
            body__unit__path__gte=unit.path,
            body__unit__path__lt=path_upper_bound(unit.path),
        )
    if position:
        qs = qs.filter(position=position)
    if affiliation:
        qs = qs.filter(affiliation_id=affiliation)
    if kind:
        qs = qs.filter(body__kind=kind)
    qs = (
        qs.filter(membership_active_q(active_on))
        if active_on
        else qs.filter(ended_on__isnull=True)
    )
    if q:
        qs = qs.filter(person__search_key__contains=search_key(q))
    return qs.order_by(
        "body__unit__path", "body__name", "position", "person__search_key"
    )


def can_see_contacts(actor: Actor) -> bool:
    """Viewers get phone and e-mail masked in exports."""
    if scope_paths(actor) is None:
        return True
    return bool(actor.assignments.exclude(role=Role.VIEWER).exists())


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def organisation_get(pk: int) -> Organisation | None:
    """An organisation of the managed list (one no longer offered included, so
    a seat keeps its affiliation); None if there is none with this id."""
    return Organisation.objects.filter(pk=pk).first()


def can_manage_people(actor: Actor) -> bool:
    return scope_paths(actor) is None or bool(scope_paths(actor, roles=OFFICER_ROLES))


def decision_get_for(*, actor: Actor, pk: Any) -> Decision:
    decision = (
        Decision.objects.filter(
            body__in=bodies_visible_to(actor).values("pk"), pk=id_or_404(pk)
        )
        .select_related("body")
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def membership_get_for(*, actor: Actor, pk: Any) -> Membership:
    membership = (
        Membership.objects.filter(membership_scope_q(actor), pk=id_or_404(pk))
        .select_related("person", "body", "body__unit", "affiliation")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def possible_duplicates(*, actor: Actor, person: Person) -> QuerySet[Person]:
    """Other people in scope with the same name (candidates for a merge)."""
    return (
        people_visible_to(actor)
        .filter(search_key=person.search_key)
        .exclude(pk=person.pk)[:10]
    )
