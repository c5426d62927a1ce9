"""Reads of administrative units, always through the actor's scope.

This module is the scope choke point: `scope_q` and `units_visible_to` are the
only answers to "which units may this user see?". Other apps filter their own
objects with `scope_q(actor, "<path field>")`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Length, Substr
from django.http import Http404
from django.utils import timezone

from cnscd.core.params import id_or_404
from cnscd.core.roles import OFFICER_ROLES, Role
from cnscd.core.system import Actor
from cnscd.core.text import search_key
from cnscd.units.choices import REFORM_DATE, Level
from cnscd.units.models import (
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    UnitCorrespondence,
    ancestor_paths,
    path_upper_bound,
)

SEARCH_LIMIT = 50


def scope_paths(
    actor: Actor, *, roles: frozenset[str] | None = None
) -> list[str] | None:
    """Paths of the subtrees `actor` may see; None means every unit (operators).

    With `roles`, only assignments with one of those roles count (for example the
    officer roles, to ask which units the actor may manage).

    Anonymous and inactive users get an empty list. The result is kept on the
    user object, which lives for one request only, so a changed assignment takes
    effect on the next request.
    """
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    if actor.is_superuser:
        return None
    cache: dict[frozenset[str] | None, list[str]] = actor.__dict__.setdefault(
        "_cnscd_scope_paths", {}
    )
    if roles in cache:
        return cache[roles]
    assignments = actor.assignments.select_related("unit")
    if roles is not None:
        assignments = assignments.filter(role__in=roles)
    paths = sorted({a.unit.path for a in assignments})
    # Keep only top-most paths: a subtree inside another adds nothing.
    top: list[str] = []
    for p in paths:
        if not any(p.startswith(t) for t in top):
            top.append(p)
    cache[roles] = top
    return top


def scope_q(
    actor: Actor, field: str = "path", *, roles: frozenset[str] | None = None
) -> Q:
    """A filter keeping rows whose `field` (a unit path) lies in the actor's scope."""
    paths = scope_paths(actor, roles=roles)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for p in paths:
        q |= Q(**{f"{field}__gte": p, f"{field}__lt": path_upper_bound(p)})
    return q


def units_visible_to(
    actor: Actor, *, roles: frozenset[str] | None = None
) -> AdministrativeUnitQuerySet:
    """Every unit the actor may see: the subtrees of their assignments (with
    `roles`, of those roles only: the figures of a unit are for everyone but
    partner reporters, who see their own organisation's reports only)."""
    return AdministrativeUnit.objects.filter(scope_q(actor, roles=roles))


def can_manage(actor: Actor, unit: AdministrativeUnit) -> bool:
    """Whether the actor holds an officer role on `unit` or one of its ancestors."""
    paths = scope_paths(actor, roles=OFFICER_ROLES)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def covers_all(
    actor: Actor, paths: list[str], *, roles: frozenset[str] | None = None
) -> bool:
    """Whether every unit path lies in the actor's scope (through `roles` if
    given). A person reached by phone number is linked or edited only when the
    actor's scope covers every body they sit in (ADR 0004)."""
    allowed = scope_paths(actor, roles=roles)
    if allowed is None:
        return True
    return all(any(p.startswith(a) for a in allowed) for p in paths)


# Who may restyle the report's Word template: the province (or the country),
# for itself and, by inheritance, every unit below it. A commune or district
# officer downloads the template in use but cannot replace it.
TEMPLATE_ROLES = frozenset({Role.NATIONAL_OFFICER, Role.PROVINCE_OFFICER})
TEMPLATE_LEVELS = frozenset({Level.COUNTRY, Level.PROVINCE})


def can_replace_template(actor: Actor, unit: AdministrativeUnit) -> bool:
    """Whether the actor may upload or reset `unit`'s report template: a
    national or province officer over it, and only for a province or the
    country (the units below inherit)."""
    if unit.level not in TEMPLATE_LEVELS:
        return False
    paths = scope_paths(actor, roles=TEMPLATE_ROLES)
    return paths is None or any(unit.path.startswith(p) for p in paths)


# The usual level below each level (a 2025 province's children are communes).
CHILD_LEVEL = {
    Level.COUNTRY: Level.PROVINCE,
    Level.PROVINCE: Level.DISTRICT,
    Level.DISTRICT: Level.COMMUNE,
    Level.COMMUNE: Level.VILLAGE,
}


def child_level(unit: AdministrativeUnit) -> str | None:
    """The level of the unit's children: a 2025 province's are communes."""
    found = (
        AdministrativeUnit.objects.filter(parent=unit)
        .values_list("level", flat=True)
        .first()
    )
    return found or CHILD_LEVEL.get(Level(unit.level))


def unit_get_for(
    *, actor: Actor, pk: Any, roles: frozenset[str] | None = None
) -> AdministrativeUnit:
    """The unit `pk` if the actor may see it (through `roles` if given);
    Http404 otherwise (existence hidden)."""
    unit = (
        units_visible_to(actor, roles=roles)
        .filter(pk=id_or_404(pk))
        .select_related("parent")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def default_as_of(actor: Actor) -> dt.date:
    """Today, unless all of the actor's units belong to an earlier structure.

    An officer of a legacy district keeps seeing the structure their units
    belong to (the last day it was in force) until they switch.
    """
    today = timezone.localdate()
    paths = scope_paths(actor)
    if paths is None or not paths:
        return today
    units = AdministrativeUnit.objects.filter(path__in=paths)
    if any(u.is_valid_on(today) for u in units):
        return today
    ends = [u.valid_until for u in units if u.valid_until]
    return max(ends) if ends else today


def with_child_counts(qs: AdministrativeUnitQuerySet, as_of: dt.date) -> Any:
    """Annotate `child_count` (direct children in force) and `village_count`.

    Two correlated index range counts in the same statement: the number of
    queries does not grow with the number of rows.
    """
    children = (
        AdministrativeUnit.objects.valid_on(as_of)
        .filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(c=Count("pk"))
        .values("c")
    )
    upper = Concat(
        Substr(OuterRef("path"), 1, Length(OuterRef("path")) - 1), Value("0")
    )
    villages = (
        AdministrativeUnit.objects.filter(
            level=Level.VILLAGE, path__gt=OuterRef("path"), path__lt=upper
        )
        .order_by()
        .annotate(g=Value(1))
        .values("g")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return qs.annotate(
        child_count=Coalesce(Subquery(children, output_field=IntegerField()), 0),
        village_count=Coalesce(Subquery(villages, output_field=IntegerField()), 0),
    )


def tree_roots(*, actor: Actor, as_of: dt.date) -> Any:
    """The top of the actor's tree on `as_of`: provinces for operators, else the
    top-most assigned units in force."""
    paths = scope_paths(actor)
    qs = AdministrativeUnit.objects.valid_on(as_of)
    qs = qs.filter(parent__isnull=True) if paths is None else qs.filter(path__in=paths)
    return with_child_counts(qs.order_by("path"), as_of)


def unit_children(*, actor: Actor, unit: AdministrativeUnit, as_of: dt.date) -> Any:
    """Children of `unit` in force on `as_of`, in official order, with counts."""
    qs = units_visible_to(actor).valid_on(as_of).filter(parent=unit)
    order = ["search_key"] if unit.level == Level.COMMUNE else ["code"]
    return with_child_counts(qs.order_by(*order), as_of)


@dataclass(frozen=True)
class Crumb:
    unit: AdministrativeUnit
    visible: bool


def unit_ancestors(*, actor: Actor, unit: AdministrativeUnit) -> list[Crumb]:
    """The chain from the top of the structure to `unit`'s parent (one query);
    `visible` says whether the actor may open each link."""
    ancestors = list(
        AdministrativeUnit.objects.filter(
            path__in=ancestor_paths(unit.path, include_self=False)
        ).order_by("depth")
    )
    allowed = scope_paths(actor)
    return [
        Crumb(a, allowed is None or any(a.path.startswith(p) for p in allowed))
        for a in ancestors
    ]


def unit_search(*, actor: Actor, q: str, as_of: dt.date | None = None) -> Any:
    """Units in scope whose name contains `q`, ignoring case and diacritics."""
    key = search_key(q)
    if not key:
        return AdministrativeUnit.objects.none()
    qs = units_visible_to(actor).filter(search_key__contains=key)
    if as_of is not None:
        qs = qs.valid_on(as_of)
    return qs.select_related("parent").order_by("depth", "path")[:SEARCH_LIMIT]


def unit_successors(unit: AdministrativeUnit) -> list[tuple[AdministrativeUnit, bool]]:
    """2025 units that took over a legacy unit's territory (primary first)."""
    links = unit.successor_links.select_related("successor").order_by("-is_primary")
    return [(link.successor, link.is_primary) for link in links]


def legacy_units_carried_into(
    actor: Actor, province: AdministrativeUnit
) -> list[AdministrativeUnit]:
    """The legacy units whose network a 2025 province takes over (issue #15):
    the communes with a correspondence link into it, their villages, and the
    districts and provinces above them that the province succeeds. Whoever
    manages the 2025 province may carry them, whatever their legacy scope;
    anyone else gets nothing."""
    if province.level != Level.PROVINCE or not can_manage(actor, province):
        return []
    communes = list(
        AdministrativeUnit.objects.filter(
            level=Level.COMMUNE,
            successor_links__successor__path__startswith=province.path,
            successor_links__successor__level=Level.COMMUNE,
        )
        .distinct()
        .order_by("path")
    )
    above = {p for c in communes for p in ancestor_paths(c.path, include_self=False)}
    return [
        *AdministrativeUnit.objects.filter(
            path__in=above, level__in=[Level.PROVINCE, Level.DISTRICT]
        ).order_by("path"),
        *communes,
        *AdministrativeUnit.objects.filter(
            parent__in=communes, level=Level.VILLAGE
        ).order_by("path"),
    ]


def whole_successor_provinces(
    unit_ids: Iterable[int], links: Any = None
) -> dict[int, int]:
    """Legacy province id → the 2025 province that took it in whole (every
    legacy province went whole into one: the 2025 reform merged provinces,
    it split none). The model can be given (a migration passes its own)."""
    model: Any = links or UnitCorrespondence
    found: dict[int, set[int]] = defaultdict(set)
    for legacy, successor in model.objects.filter(
        legacy_id__in=set(unit_ids),
        legacy__level="province",
        successor__level="province",
    ).values_list("legacy_id", "successor_id"):
        found[legacy].add(successor)
    return {legacy: s.pop() for legacy, s in found.items() if len(s) == 1}


def former_rows(
    actor: Actor, unit: AdministrativeUnit, day: dt.date
) -> tuple[list[AdministrativeUnit], list[AdministrativeUnit]]:
    """For a 2025 province and a day before the reform: the legacy provinces
    it took in whole, and their children on that day — the rows its figures
    of that time were reported in. Whoever sees the 2025 province sees them
    (its history), whatever their legacy scope; otherwise nothing."""
    if (
        unit.structure != "2025"
        or unit.level != Level.PROVINCE
        or day >= REFORM_DATE
        or not units_visible_to(actor).filter(pk=unit.pk).exists()
    ):
        return [], []
    taken_in = list(
        AdministrativeUnit.objects.filter(
            successor_links__successor=unit, level=Level.PROVINCE
        ).order_by("code")
    )
    into = whole_successor_provinces(u.pk for u in taken_in)
    whole = [legacy for legacy in taken_in if into.get(legacy.pk) == unit.pk]
    rows = list(
        AdministrativeUnit.objects.filter(parent__in=whole)
        .valid_on(day)
        .order_by("parent__code", "code")
    )
    return whole, rows


def unit_predecessors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """Legacy units whose territory a 2025 unit took over."""
    return [
        link.legacy
        for link in unit.predecessor_links.select_related("legacy").order_by(
            "legacy__path"
        )
    ]


def unit_history(*, actor: Actor, unit: AdministrativeUnit) -> Any:
    """Audit events about `unit` itself (renames, creation), newest first.
    Call it with a unit from `unit_get_for`, which has checked the scope."""
    from cnscd.core.models import AuditEvent

    return AuditEvent.objects.filter(
        object_type=AdministrativeUnit._meta.label, object_id=str(unit.pk)
    )[:20]
