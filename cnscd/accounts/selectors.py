"""Reads of users and assignments, scoped to the actor."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from cnscd.accounts.models import Assignment, User
from cnscd.core.params import id_or_404
from cnscd.core.roles import MFA_ROLES, OFFICER_ROLES
from cnscd.core.system import Actor
from cnscd.units.selectors import scope_q


def users_visible_to(actor: Actor) -> QuerySet[User]:
    """Users the actor may manage: officers see users all of whose assignments lie
    inside the subtrees they manage; operators see every user. Others: nobody.
    Nobody manages their own account here (that is what the account pages do)."""
    if actor.is_authenticated and actor.is_active and actor.is_superuser:
        return User.objects.exclude(pk=actor.pk)
    managed = scope_q(actor, "unit__path", roles=OFFICER_ROLES)
    inside = Assignment.objects.filter(managed, user=OuterRef("pk"))
    outside = Assignment.objects.filter(user=OuterRef("pk")).exclude(managed)
    return User.objects.filter(
        Exists(inside), ~Exists(outside), is_superuser=False
    ).exclude(pk=actor.pk)


def user_list(*, actor: Actor) -> QuerySet[User]:
    """The actor's users with their assignments, ordered by username."""
    return (
        users_visible_to(actor)
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
        )
        .order_by("username")
    )


def user_get_for(*, actor: Actor, pk: Any) -> User:
    """One user the actor may manage, or Http404."""
    user = user_list(actor=actor).filter(pk=id_or_404(pk)).first()
    if user is None:
        raise Http404
    return user


def requires_mfa(user: Any) -> bool:
    """Province officers and operators must use two-factor authentication."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(user.assignments.filter(role__in=MFA_ROLES).exists())


def can_manage_users(actor: Actor) -> bool:
    """Whether the actor may open the user management pages at all."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return bool(actor.assignments.filter(role__in=OFFICER_ROLES).exists())
