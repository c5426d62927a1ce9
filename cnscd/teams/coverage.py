"""The network's coverage under a unit on a day: committees, teams and their
members by child unit, the unit's own committee, villages without a team,
and the per-unit totals and team facts the evaluation reads. Counted through
the actor's scope, in a few queries whatever the number of units."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Substr

from cnscd.accounts.models import PARTNER_KINDS
from cnscd.core.system import Actor
from cnscd.teams.choices import BodyKind, DecisionKind, Position
from cnscd.teams.models import Body, Decision, Membership
from cnscd.teams.selectors import (
    bodies_visible_to,
    body_active_q,
    membership_active_q,
    membership_scope_q,
)
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit, ancestor_paths, path_upper_bound
from cnscd.units.selectors import scope_q


@dataclass
class ChildCoverage:
    unit: AdministrativeUnit
    has_decision: bool
    committees: int
    teams: int
    members: int


@dataclass(frozen=True)
class OwnCoverage:
    committees: int
    teams: int
    members: int


@dataclass
class Coverage:
    """The network under a unit on a day (seed section I, computed)."""

    day: dt.date
    committees: int
    committee_members: int
    teams: int
    team_members: int
    people: int
    teams_small: int
    teams_without_leader: int
    villages: int
    villages_with_team: int
    children_with_decision: int
    children: list[ChildCoverage] = field(default_factory=list)
    by_affiliation: list[tuple[str, int]] = field(default_factory=list)
    by_sex: dict[str, int] = field(default_factory=dict)

    @property
    def members(self) -> int:
        """Seats in committees and teams (a person in two bodies counts twice,
        as each body's list does)."""
        return self.committee_members + self.team_members

    @property
    def own(self) -> OwnCoverage | None:
        """What sits at the unit itself rather than in a child (the province's
        own steering committee, a commune's school team), so that the children
        and this row add up to the totals; None when nothing does."""
        committees = self.committees - sum(c.committees for c in self.children)
        teams = self.teams - sum(c.teams for c in self.children)
        members = self.members - sum(c.members for c in self.children)
        if not (committees or teams or members):
            return None
        return OwnCoverage(committees, teams, members)

    @property
    def members_per_team(self) -> float:
        return round(self.team_members / self.teams, 1) if self.teams else 0.0

    @property
    def villages_without_team_share(self) -> float | None:
        if not self.villages:
            return None
        return round(100 * (self.villages - self.villages_with_team) / self.villages, 1)


SMALL_TEAM = 3


def _in_subtree(prefix: str, unit: AdministrativeUnit) -> Q:
    return Q(
        **{f"{prefix}__gte": unit.path, f"{prefix}__lt": path_upper_bound(unit.path)}
    )


def _network(
    actor: Actor, unit: AdministrativeUnit, day: dt.date
) -> tuple[QuerySet[Body], QuerySet[Membership], Any]:
    """Active bodies, active memberships and villages under `unit` on `day`."""
    bodies = (
        bodies_visible_to(actor)
        .filter(_in_subtree("unit__path", unit))
        .filter(body_active_q(day))
    )
    members = Membership.objects.filter(membership_scope_q(actor)).filter(
        _in_subtree("body__unit__path", unit), membership_active_q(day)
    )
    villages = AdministrativeUnit.objects.filter(
        _in_subtree("path", unit), level=Level.VILLAGE
    ).valid_on(day)
    return bodies, members, villages


@dataclass(frozen=True)
class NetworkTotals:
    teams: int
    team_members: int
    villages: int
    villages_with_team: int


def network_totals(
    *, actor: Actor, units: list[AdministrativeUnit], day: dt.date
) -> dict[int, NetworkTotals]:
    """unit id → the few network figures scoring reads, for many units in one
    query (a correlated count per figure, not four queries per unit)."""
    if not units:
        return {}
    bodies = bodies_visible_to(actor).filter(body_active_q(day))
    teams = bodies.filter(kind=BodyKind.COMMUNITY_TEAM)
    members = Membership.objects.filter(membership_scope_q(actor)).filter(
        membership_active_q(day), body__kind=BodyKind.COMMUNITY_TEAM
    )
    villages = AdministrativeUnit.objects.filter(level=Level.VILLAGE).valid_on(day)
    with_team = villages.filter(Exists(teams.filter(unit=OuterRef("pk"))))
    n_teams = _count_in(teams, "unit__path", units)
    n_members = _count_in(members, "body__unit__path", units)
    n_villages = _count_in(villages, "path", units)
    n_with_team = _count_in(with_team, "path", units)
    return {
        u.pk: NetworkTotals(
            n_teams[u.pk], n_members[u.pk], n_villages[u.pk], n_with_team[u.pk]
        )
        for u in units
    }


@dataclass(frozen=True)
class TeamFacts:
    """What scoring a village's community team reads about the team itself."""

    name: str
    members: int
    has_decision: bool  # a decision establishing (or re-establishing) it
    has_leader: bool
    partner_members: int  # from telecoms, post, banks


def team_facts(
    *, actor: Actor, units: list[AdministrativeUnit], day: dt.date
) -> dict[int, TeamFacts]:
    """unit id → facts of the community team working at that unit (a village)
    on `day`; units without one are left out. Where a village has two teams,
    the one with more members counts. A fixed number of queries."""
    teams = list(
        bodies_visible_to(actor)
        .filter(body_active_q(day), kind=BodyKind.COMMUNITY_TEAM, unit__in=units)
        .annotate(
            n=Count(
                "memberships",
                filter=membership_active_q(day, "memberships__"),
                distinct=True,
            ),
            leaders=Count(
                "memberships",
                filter=membership_active_q(day, "memberships__")
                & Q(memberships__position=Position.LEADER),
                distinct=True,
            ),
            partners=Count(
                "memberships",
                filter=membership_active_q(day, "memberships__")
                & Q(memberships__affiliation__kind__in=PARTNER_KINDS),
                distinct=True,
            ),
            decided=Exists(
                Decision.objects.filter(
                    body=OuterRef("pk"),
                    kind__in=[DecisionKind.ESTABLISH, DecisionKind.REESTABLISH],
                    signed_on__lte=day,
                )
            ),
        )
        .order_by("unit_id", "-n", "pk")
    )
    out: dict[int, TeamFacts] = {}
    for t in teams:
        out.setdefault(
            t.unit_id,
            TeamFacts(t.name, t.n, t.decided, t.leaders > 0, t.partners),
        )
    return out


def _count_in(
    qs: QuerySet[Any], path_field: str, units: list[AdministrativeUnit]
) -> Counter[int]:
    """How many rows of `qs` lie in each unit's subtree, in one grouped query
    over the range the units span: an index range scan on both engines (a
    correlated count per unit made PostgreSQL scan every unit for each one once
    the table held a whole country's villages).

    Sibling units have paths of one length (GSO codes are fixed-width), so the
    rows are grouped by that prefix and the answer has a row per unit. Units of
    different depths are grouped by the rows' own paths, each credited to every
    unit above it."""
    by_path = {u.path: u.pk for u in units}
    low = min(by_path)
    high = max(path_upper_bound(p) for p in by_path)
    rows = qs.filter(**{f"{path_field}__gte": low, f"{path_field}__lt": high})
    lengths = {len(p) for p in by_path}
    key = Substr(path_field, 1, lengths.pop()) if len(lengths) == 1 else F(path_field)
    out: Counter[int] = Counter()
    grouped = rows.order_by().annotate(key=key).values("key").annotate(n=Count("pk"))
    for path, n in grouped.values_list("key", "n"):
        for prefix in ancestor_paths(path):
            if (pk := by_path.get(prefix)) is not None:
                out[pk] += n
    return out


def unit_coverage(*, actor: Actor, unit: AdministrativeUnit, day: dt.date) -> Coverage:
    """Committees, teams and members under `unit` on `day`, in a fixed number of
    queries whatever the number of teams (aggregates and correlated counts)."""
    bodies, members, villages = _network(actor, unit, day)
    teams = bodies.filter(kind=BodyKind.COMMUNITY_TEAM)
    # Members per team in one grouped query (a team with nobody is in no group).
    per_team = (
        members.filter(body__kind=BodyKind.COMMUNITY_TEAM)
        .order_by()
        .values("body")
        .annotate(
            n=Count("pk"), leaders=Count("pk", filter=Q(position=Position.LEADER))
        )
    )
    team_total = teams.count()
    counts = members.aggregate(
        team_members=Count("pk", filter=Q(body__kind=BodyKind.COMMUNITY_TEAM)),
        committee_members=Count("pk", filter=Q(body__kind=BodyKind.STEERING_COMMITTEE)),
        people=Count("person", distinct=True),
    )
    villages_with_team = villages.filter(
        Exists(bodies.filter(kind=BodyKind.COMMUNITY_TEAM, unit=OuterRef("pk")))
    ).count()
    affiliation_rows = (
        members.values(
            "affiliation__short_name", "affiliation__name", "affiliation_text"
        )
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    by_affiliation: Counter[str] = Counter()
    for row in affiliation_rows:
        label = (
            row["affiliation__short_name"]
            or row["affiliation__name"]
            or "Khác / chưa rõ"
        )
        by_affiliation[label] += row["n"]
    by_sex = {
        row["person__sex"] or "": row["n"]
        for row in members.values("person__sex").annotate(n=Count("pk")).order_by()
    }
    children = _child_coverage(actor, unit, day, bodies, members)
    return Coverage(
        day=day,
        committees=bodies.filter(kind=BodyKind.STEERING_COMMITTEE).count(),
        committee_members=counts["committee_members"],
        teams=team_total,
        team_members=counts["team_members"],
        people=counts["people"],
        teams_small=team_total - per_team.filter(n__gte=SMALL_TEAM).count(),
        teams_without_leader=team_total - per_team.filter(leaders__gt=0).count(),
        villages=villages.count(),
        villages_with_team=villages_with_team,
        children_with_decision=sum(1 for c in children if c.has_decision),
        children=children,
        by_affiliation=by_affiliation.most_common(),
        by_sex=by_sex,
    )


def _child_coverage(
    actor: Actor,
    unit: AdministrativeUnit,
    day: dt.date,
    bodies: QuerySet[Body],
    members: QuerySet[Membership],
) -> list[ChildCoverage]:
    """Per child unit: a decision issued by then, committees, teams, members."""
    decisions = Decision.objects.filter(
        signed_on__lte=day, body__in=bodies_visible_to(actor).values("pk")
    )
    children = list(
        AdministrativeUnit.objects.filter(parent=unit)
        .valid_on(day)
        .filter(scope_q(actor))
        .order_by("search_key" if unit.level == Level.COMMUNE else "code")
    )
    if not children:
        return []
    with_decision = _count_in(decisions, "body__unit__path", children)
    committees = _count_in(
        bodies.filter(kind=BodyKind.STEERING_COMMITTEE), "unit__path", children
    )
    teams = _count_in(
        bodies.filter(kind=BodyKind.COMMUNITY_TEAM), "unit__path", children
    )
    people = _count_in(members, "body__unit__path", children)
    return [
        ChildCoverage(
            c, with_decision[c.pk] > 0, committees[c.pk], teams[c.pk], people[c.pk]
        )
        for c in children
    ]
