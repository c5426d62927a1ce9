"""The scope choke point: who sees which units."""

import datetime as dt

import pytest
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st

from cnscd.units import selectors
from conftest import Tree


def names(qs: object) -> set[str]:
    return {u.name for u in qs}  # type: ignore[attr-defined]


def test_commune_officer_sees_only_their_commune_subtree(
    tree: Tree, commune_a_officer
) -> None:
    assert names(selectors.units_visible_to(commune_a_officer)) == {
        "Xã Thanh Miện",
        "Thôn Đông",
        "Thôn Đoài",
    }


def test_province_officer_sees_the_province_but_not_another(
    tree: Tree, province_officer
) -> None:
    visible = names(selectors.units_visible_to(province_officer))
    assert visible == {
        "Tỉnh Thử Nghiệm",
        "Xã Thanh Miện",
        "Xã Bình Minh",
        "Thôn Đông",
        "Thôn Đoài",
        "Thôn Nam",
    }


def test_team_leader_sees_their_village_only(tree: Tree, team_a_leader) -> None:
    assert names(selectors.units_visible_to(team_a_leader)) == {"Thôn Đông"}


def test_operator_sees_everything_and_nobody_else_does(
    tree: Tree, operator, no_scope_user
) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert selectors.units_visible_to(operator).count() == 8
    assert selectors.units_visible_to(no_scope_user).count() == 0
    assert selectors.units_visible_to(AnonymousUser()).count() == 0


def test_inactive_user_sees_nothing(tree: Tree, commune_a_officer) -> None:
    commune_a_officer.is_active = False
    assert selectors.units_visible_to(commune_a_officer).count() == 0


def test_unit_get_for_hides_other_units_as_404(tree: Tree, commune_a_officer) -> None:
    assert selectors.unit_get_for(actor=commune_a_officer, pk=tree.a1.pk) == tree.a1
    for pk in (
        tree.b.pk,
        tree.b1.pk,
        tree.p.pk,
        tree.c.pk,
        10**9,
        "abc",
        None,
        "1 OR 1=1",
    ):
        with pytest.raises(Http404):
            selectors.unit_get_for(actor=commune_a_officer, pk=pk)


def test_search_matches_without_diacritics_within_scope(
    tree: Tree, province_officer, commune_b_officer
) -> None:
    for q in ("thanh mien", "THANH MIỆN", "Thanh Miện", "miện"):
        assert names(selectors.unit_search(actor=province_officer, q=q)) == {
            "Xã Thanh Miện"
        }
    assert (
        names(selectors.unit_search(actor=commune_b_officer, q="thanh mien")) == set()
    )
    assert names(selectors.unit_search(actor=province_officer, q="  ")) == set()


def test_children_have_counts_in_constant_queries(
    tree: Tree, province_officer, django_assert_num_queries
) -> None:
    as_of = dt.date(2024, 1, 1)
    with django_assert_num_queries(2):  # assignments (scope) + the children with counts
        children = list(
            selectors.unit_children(actor=province_officer, unit=tree.p, as_of=as_of)
        )
    assert [(c.name, c.child_count, c.village_count) for c in children] == [
        ("Xã Thanh Miện", 2, 2),
        ("Xã Bình Minh", 1, 1),
    ]
    roots = list(selectors.tree_roots(actor=province_officer, as_of=as_of))
    assert [(r.name, r.child_count, r.village_count) for r in roots] == [
        ("Tỉnh Thử Nghiệm", 2, 3)
    ]


def test_children_respect_the_as_of_date(tree: Tree, province_officer) -> None:
    after_reform = dt.date(2025, 7, 1)
    assert (
        list(
            selectors.unit_children(
                actor=province_officer, unit=tree.p, as_of=after_reform
            )
        )
        == []
    )
    assert selectors.default_as_of(province_officer) == dt.date(2025, 6, 30)


def test_scope_change_applies_on_the_next_request(
    tree: Tree, commune_a_officer
) -> None:
    from cnscd.accounts.models import User

    assert tree.b1 not in selectors.units_visible_to(commune_a_officer)
    commune_a_officer.assignments.update(unit=tree.b)
    fresh = User.objects.get(
        pk=commune_a_officer.pk
    )  # a new request loads the user anew
    assert names(selectors.units_visible_to(fresh)) == {"Xã Bình Minh", "Thôn Nam"}


# --- Z8: the hierarchy property on random trees ------------------------------------


@st.composite
def random_trees(draw: st.DrawFn) -> list[int | None]:
    """Parent index for each node (node 0 is the root), depth ≤ 4."""
    size = draw(st.integers(min_value=1, max_value=40))
    parents: list[int | None] = [None]
    depth = [0]
    for _ in range(1, size):
        candidates = [i for i, d in enumerate(depth) if d < 3]
        p = draw(st.sampled_from(candidates))
        parents.append(p)
        depth.append(depth[p] + 1)
    return parents


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(parents=random_trees(), data=st.data())
def test_visible_equals_descendants_on_random_trees(
    parents: list[int | None], data: st.DataObject
) -> None:
    from django.db import transaction

    from cnscd.accounts.models import Assignment, User
    from cnscd.core.roles import Role
    from cnscd.units.choices import Level
    from conftest import make_unit

    with transaction.atomic():
        levels = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE]
        units = []
        for i, p in enumerate(parents):
            parent = units[p] if p is not None else None
            level = levels[0 if parent is None else levels.index(parent.level) + 1]
            units.append(make_unit(f"z{i}", f"Đơn vị {i}", level, parent))
        chosen = data.draw(
            st.lists(
                st.integers(0, len(units) - 1), min_size=1, max_size=3, unique=True
            )
        )
        user = User.objects.create_user(username="z", password="x")
        for i in chosen:
            Assignment.objects.create(user=user, unit=units[i], role=Role.VIEWER)

        def descendants(i: int) -> set[int]:
            out = {i}
            changed = True
            while changed:
                changed = False
                for j, p in enumerate(parents):
                    if p in out and j not in out:
                        out.add(j)
                        changed = True
            return out

        expected = set().union(*(descendants(i) for i in chosen))
        visible = {u.pk for u in selectors.units_visible_to(user)}
        assert visible == {units[i].pk for i in expected}
        transaction.set_rollback(True)


def test_subtree_ranges_compare_bytes_on_every_engine(db: None) -> None:
    """/legacy/3/ must not contain /legacy/30/ (PostgreSQL's default collation
    ignores punctuation; the path column uses "C")."""
    from cnscd.units.choices import Level
    from cnscd.units.models import AdministrativeUnit
    from conftest import make_unit

    three = make_unit("3", "Tỉnh Ba", Level.PROVINCE)
    thirty = make_unit("30", "Tỉnh Ba Mươi", Level.PROVINCE)
    inside = make_unit("301", "Xã Trong", Level.COMMUNE, three)
    make_unit("3001", "Xã Ngoài", Level.COMMUNE, thirty)
    make_unit("3-1", "Xã Gạch", Level.COMMUNE, thirty)
    assert set(AdministrativeUnit.objects.subtree_of(three.path)) == {three, inside}
    ordered = list(
        AdministrativeUnit.objects.order_by("path").values_list("path", flat=True)
    )
    assert ordered == sorted(ordered)  # byte order, as Python compares
