"""The one module that owns aggregation up the hierarchy (ADR 0013).

A unit's figure for an indicator and a standard period is its *own* value when
it has one, and otherwise the sum of its children's figures — never both
added. Every stored total (a value without a disaggregation key; its parts by
sex, target group or partner are details of it) changes, in the same
transaction, the `Rollup` rows of its unit and of the ancestors whose figure
it reaches. A row keeps both sums: `own_*` (the unit's own values) and
`below_*` (its children's figures); `total`/`count` is the one that counts.
A figure for any unit, indicator and period is then a sum over that unit's own
rollup rows — no tree walk, no scan of facts, no nightly job. `rebuild()`
recomputes everything from the raw values and reports what differed.
"""

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum

from cnscd.core import bulk
from cnscd.core.periods import containing_spans
from cnscd.indicators.models import DataValue, Rollup
from cnscd.units.models import AdministrativeUnit, ancestor_paths
from cnscd.units.selectors import whole_successor_provinces

Key = tuple[int, int, int, int, bool]  # unit, indicator, first, last, container
PeriodKey = tuple[int, int, int, int]  # unit, indicator, first, last
Sums = tuple[Decimal, int]  # total, count
ZERO: Sums = (Decimal(0), 0)


@dataclass(frozen=True)
class Delta:
    unit_id: int
    indicator_id: int
    first_month: int
    last_month: int
    total: Decimal
    count: int


# A roll-up row's state: own total, own count, children's total, children's count.
OWN_T, OWN_C, BELOW_T, BELOW_C = range(4)
RowState = list[Any]
Pair = list[RowState | None]  # a unit's span row and container row of a period


NOTHING = Decimal(0)


def new_row() -> RowState:
    return [NOTHING, 0, NOTHING, 0]


def empty(row: RowState) -> bool:
    return not (row[OWN_C] or row[BELOW_C])


def ancestor_ids(unit_ids: set[int], units: Any = None) -> dict[int, list[int]]:
    """Each unit with its ancestors and itself, from the top (two queries)."""
    model: Any = units or AdministrativeUnit
    paths = dict(model.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    chains = {pk: ancestor_paths(path) for pk, path in paths.items()}
    by_path = dict(
        model.objects.filter(
            path__in={p for chain in chains.values() for p in chain}
        ).values_list("path", "pk")
    )
    # A structure loaded without its country unit simply has no national row.
    return {
        pk: [by_path[p] for p in chain if p in by_path] for pk, chain in chains.items()
    }


def row_spans(first: int, last: int) -> list[tuple[int, int, bool]]:
    """The rows a value of first..last is counted in: its own span, and as a
    smaller span (`container`) the quarter, half-year and year holding it."""
    return [(first, last, False)] + [
        (f, t, True) for f, t in containing_spans(first, last)
    ]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while hundreds of thousands of small
    rows are made (none of them cycles): it would otherwise run over the
    growing heap again and again (1,6 s → 1,25 s for 215,000 rows)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _row(state: dict[PeriodKey, Pair], period: PeriodKey, container: int) -> RowState:
    """The period's span row (0) or container row (1), made where missing."""
    pair = state.get(period)
    if pair is None:
        pair = state[period] = [None, None]
    row = pair[container]
    if row is None:
        row = pair[container] = new_row()
    return row


def settle(
    deltas: Iterable[Delta],
    ancestry: dict[int, list[int]],
    state: dict[PeriodKey, Pair],
    before: dict[PeriodKey, list[Sums | None]],
    below: Iterable[tuple[PeriodKey, int, Sums]] = (),
) -> dict[PeriodKey, list[Sums | None]]:
    """Apply own-value changes to `state` and carry each unit's change of
    figure to its parent, deepest units first. A unit's two rows of a period
    (its span row, its container row) count its own values when it has any
    own value in the period, otherwise its children's. Return the new figures
    of the rows touched, by period. `before` holds the rows' current figures
    (nothing for a row not stored yet). A row is visited once per level,
    however many values below it changed: an import of 10,000 communes touches
    some 215,000 rows. `below` adds changes of figures coming from outside the
    tree (the legacy provinces a 2025 province took in: `carried_back`) to the
    children's sums of a row (period, 0 span row | 1 container row, change)."""
    parent: dict[int, int | None] = {}
    depth: dict[int, int] = {}
    for chain in ancestry.values():
        for i, unit in enumerate(chain):
            parent[unit], depth[unit] = (chain[i - 1] if i else None), i
    levels: dict[int, set[PeriodKey]] = defaultdict(set)
    spans: dict[tuple[int, int], list[tuple[int, int, bool]]] = {}
    for d in deltas:
        span = (d.first_month, d.last_month)
        if span not in spans:
            spans[span] = row_spans(*span)
        touched = levels[depth[d.unit_id]]
        for first, last, container in spans[span]:
            period = (d.unit_id, d.indicator_id, first, last)
            row = _row(state, period, container)
            row[OWN_T] += d.total
            row[OWN_C] += d.count
            touched.add(period)
    for period, which, (change_total, change_count) in below:
        row = _row(state, period, which)
        row[BELOW_T] += change_total
        row[BELOW_C] += change_count
        levels[depth[period[0]]].add(period)
    after: dict[PeriodKey, list[Sums | None]] = {}
    for level in range(max(levels, default=-1), -1, -1):
        above_level = levels[level - 1]
        for period in levels.get(level, ()):
            pair = state[period]
            own = any(held is not None and held[OWN_C] for held in pair)
            was_pair = before.get(period)
            up = parent[period[0]]
            out: list[Sums | None] = [None, None]
            for c, held in enumerate(pair):
                if held is None:  # no values at or below the unit: nothing to carry
                    continue
                now = (
                    (held[OWN_T], held[OWN_C])
                    if own
                    else (held[BELOW_T], held[BELOW_C])
                )
                out[c] = now
                was = (was_pair[c] if was_pair else None) or ZERO
                if up is None or now == was:
                    continue
                above_period = (up, *period[1:])
                above = _row(state, above_period, c)
                above[BELOW_T] += now[0] - was[0]
                above[BELOW_C] += now[1] - was[1]
                above_level.add(above_period)
            after[period] = out
    return after


# Figures of spans ending by June 2025 are the legacy structure's; a 2025
# province shows, for them, the figures of the legacy provinces it took in.
LAST_LEGACY_MONTH = 202506


def carried_back(
    after: dict[PeriodKey, list[Sums | None]],
    before: dict[PeriodKey, list[Sums | None]],
    successors: dict[int, int],
) -> list[tuple[PeriodKey, int, Sums]]:
    """The changes of legacy provinces' figures for spans before the reform,
    as changes of their 2025 province's children's sums (history in today's
    boundaries, issue #15: exact at province level)."""
    out = []
    for period, rows in after.items():
        unit, indicator, first, last = period
        target = successors.get(unit)
        if target is None or last > LAST_LEGACY_MONTH:
            continue
        was_pair = before.get(period)
        for c, now in enumerate(rows):
            was = (was_pair[c] if was_pair else None) or ZERO
            now = now or ZERO
            if now != was:
                out.append(
                    (
                        (target, indicator, first, last),
                        c,
                        (now[0] - was[0], now[1] - was[1]),
                    )
                )
    return out


def _rows(
    state: dict[PeriodKey, Pair], after: dict[PeriodKey, list[Sums | None]]
) -> Iterator[tuple[Key, RowState, Sums]]:
    """Each touched row: its key, what it holds and the figure it counts."""
    for period, out in after.items():
        pair = state[period]
        for c, now in enumerate(out):
            row = pair[c]
            if now is not None and row is not None:
                yield (*period, bool(c)), row, now


def _lock_trees(ancestry: dict[int, list[int]]) -> None:
    """Writers of one tree take turns (PostgreSQL): a figure depends on the
    rows of the whole chain, so reading and writing them is one step. Locks
    are taken in one order, so two writers never wait on each other."""
    roots = sorted({chain[0] for chain in ancestry.values() if chain})
    list(
        AdministrativeUnit.objects.select_for_update()
        .filter(pk__in=roots)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


STORED_COLUMNS = (
    "unit_id",
    "indicator_id",
    "first_month",
    "last_month",
    "container",
    "own_total",
    "own_count",
    "below_total",
    "below_count",
    "total",
    "count",
)
# A row as `apply` reads it: its key, its id, then what it holds.
ROW_FIELDS = (*STORED_COLUMNS[:5], "pk", *STORED_COLUMNS[5:])


def apply(deltas: list[Delta]) -> int:
    """Apply value changes to the roll-ups of their units and ancestors; return
    the number of rollup rows written. Call inside the writing transaction."""
    if not deltas:
        return 0
    ancestry = ancestor_ids({d.unit_id for d in deltas})
    units = {u for chain in ancestry.values() for u in chain}
    spans = {s for d in deltas for s in row_spans(d.first_month, d.last_month)}
    early = any(last <= LAST_LEGACY_MONTH for _, last, _ in spans)
    successors = whole_successor_provinces(units) if early else {}
    today = ancestor_ids(set(successors.values())) if successors else {}
    _lock_trees(ancestry | today)
    state: dict[PeriodKey, Pair] = {}
    before: dict[PeriodKey, list[Sums | None]] = {}
    ids: dict[Key, int] = {}
    for row in Rollup.objects.filter(
        unit_id__in=units | {u for chain in today.values() for u in chain},
        indicator_id__in={d.indicator_id for d in deltas},
        first_month__in={s[0] for s in spans},
        last_month__in={s[1] for s in spans},
    ).values_list(*ROW_FIELDS):
        key: Key = row[:5]
        ids[key] = row[5]
        state.setdefault(key[:4], [None, None])[key[4]] = list(row[6:10])
        before.setdefault(key[:4], [None, None])[key[4]] = (row[10], row[11])
    with collector_paused():
        after = settle(deltas, ancestry, state, before)
        if successors:  # the same figures, in today's boundaries
            after |= settle(
                [], today, state, before, carried_back(after, before, successors)
            )
        changed, new, gone = [], [], []
        for key, row_state, now in _rows(state, after):
            if key not in ids:
                if not empty(row_state):
                    new.append((*key, *row_state, *now))
            elif empty(row_state):
                gone.append(ids[key])  # a row with no values is removed, not kept as 0
            else:
                changed.append((ids[key], *row_state, *now))
    # An import of 10,000 rows touches some 200,000 roll-up rows (core.bulk).
    bulk.update_from(
        "v(id, own_total, own_count, below_total, below_count, total, count)",
        "UPDATE indicators_rollup SET own_total = v.own_total, "
        "own_count = v.own_count, below_total = v.below_total, "
        "below_count = v.below_count, total = v.total, count = v.count "
        "FROM v WHERE indicators_rollup.id = v.id",
        changed,
    )
    bulk.insert("indicators_rollup", STORED_COLUMNS, new)
    if gone:
        Rollup.objects.filter(pk__in=gone).delete()
    return len(changed) + len(new) + len(gone)


@dataclass
class RebuildReport:
    rows: int
    missing: int
    wrong: int
    extra: int

    @property
    def clean(self) -> bool:
        return not (self.missing or self.wrong or self.extra)


def expected_rows(
    values: Any = None, units: Any = None, links: Any = None
) -> dict[Key, tuple[Decimal, int, Decimal, int, Decimal, int]]:
    """Every roll-up row as the raw values define it. The models can be given
    (a migration passes its historical ones)."""
    values = values or DataValue
    facts = (
        values.objects.filter(disaggregation="")  # parts are not counted again
        .values("unit_id", "indicator_id", "first_month", "last_month")
        .annotate(total=Sum("value"), count=Count("pk"))
        .order_by()
    )
    deltas = [
        Delta(
            f["unit_id"],
            f["indicator_id"],
            f["first_month"],
            f["last_month"],
            f["total"],
            f["count"],
        )
        for f in facts
    ]
    return expected_rows_for(deltas, units, links)


def expected_rows_for(
    deltas: list[Delta], units: Any = None, links: Any = None
) -> dict[Key, tuple[Decimal, int, Decimal, int, Decimal, int]]:
    """The roll-up rows of these values alone, computed from nothing."""
    state: dict[PeriodKey, Pair] = {}
    ancestry = ancestor_ids({d.unit_id for d in deltas}, units)
    successors = whole_successor_provinces(
        {u for chain in ancestry.values() for u in chain}, links
    )
    with collector_paused():
        after = settle(deltas, ancestry, state, {})
        if successors:
            today = ancestor_ids(set(successors.values()), units)
            after |= settle([], today, state, {}, carried_back(after, {}, successors))
    return {k: (*row, *now) for k, row, now in _rows(state, after) if not empty(row)}


def replace_all(
    expected: dict[Key, tuple[Decimal, int, Decimal, int, Decimal, int]],
    rollups: Any = None,
) -> None:
    model = rollups or Rollup
    model.objects.all().delete()
    model.objects.bulk_create(
        [
            model(**dict(zip(STORED_COLUMNS, (*k, *v), strict=True)))
            for k, v in expected.items()
        ],
        batch_size=1000,
    )


def refigure_with(apps: Any) -> None:
    """Recompute every roll-up row with a migration's historical models."""
    replace_all(
        expected_rows(
            apps.get_model("indicators", "DataValue"),
            apps.get_model("units", "AdministrativeUnit"),
            apps.get_model("units", "UnitCorrespondence"),
        ),
        apps.get_model("indicators", "Rollup"),
    )


@transaction.atomic
def rebuild(*, fix: bool = True) -> RebuildReport:
    """Recompute every rollup from the raw values; report rows that were missing,
    wrong or superfluous, and (unless `fix` is False) replace the table."""
    expected = expected_rows()
    actual = {
        tuple(row[:5]): tuple(row[6:])
        for row in Rollup.objects.values_list(*ROW_FIELDS)
    }
    report = RebuildReport(
        rows=len(expected),
        missing=sum(1 for k in expected if k not in actual),
        wrong=sum(1 for k, v in expected.items() if k in actual and actual[k] != v),
        extra=sum(1 for k in actual if k not in expected),
    )
    if fix and not report.clean:
        replace_all(expected)
    return report
