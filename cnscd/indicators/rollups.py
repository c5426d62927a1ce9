"""The one module that owns aggregation up the hierarchy.

Every stored total (a value without a disaggregation key; its parts by sex,
target group or partner are details of it) is added, in the same transaction,
to the `Rollup` row of its unit and of each ancestor of that unit (the path
gives them), for the same indicator and span of months. A total for any unit, indicator and period is
then a sum over that unit's own rollup rows — no tree walk, no scan of facts,
no nightly job. `rebuild()` recomputes everything from the raw values and
reports what differed.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum

from cnscd.core import bulk
from cnscd.core.periods import containing_spans
from cnscd.indicators.models import DataValue, Rollup
from cnscd.units.models import AdministrativeUnit, ancestor_paths

Key = tuple[int, int, int, int, bool]  # unit, indicator, first, last, container


@dataclass(frozen=True)
class Delta:
    unit_id: int
    indicator_id: int
    first_month: int
    last_month: int
    total: Decimal
    count: int


def ancestor_ids(unit_ids: set[int]) -> dict[int, list[int]]:
    """Each unit with itself and its ancestors (two queries for any number)."""
    units = {
        u.pk: u.path
        for u in AdministrativeUnit.objects.filter(pk__in=unit_ids).only("path")
    }
    chains = {pk: ancestor_paths(path) for pk, path in units.items()}
    by_path = dict(
        AdministrativeUnit.objects.filter(
            path__in={p for chain in chains.values() for p in chain}
        ).values_list("path", "pk")
    )
    # A structure loaded without its country unit simply has no national row.
    return {
        pk: [by_path[p] for p in chain if p in by_path] for pk, chain in chains.items()
    }


def _sums(deltas: list[Delta]) -> tuple[dict[Key, Decimal], dict[Key, int]]:
    """Every rollup row the deltas change, and by how much.

    Each delta goes to its own unit's span and to the standard periods holding
    it. Then each unit's sums pass to its parent, deepest units first. A row is
    touched once per level instead of once per delta and ancestor: an import of
    10,000 communes makes some 215,000 rows."""
    ancestry = ancestor_ids({d.unit_id for d in deltas})
    parent: dict[int, int | None] = {}
    depth: dict[int, int] = {}
    for chain in ancestry.values():
        for i, unit in enumerate(chain):
            parent[unit], depth[unit] = (chain[i - 1] if i else None), i
    totals: dict[Key, Decimal] = defaultdict(Decimal)
    counts: dict[Key, int] = defaultdict(int)
    levels: dict[int, set[Key]] = defaultdict(set)
    spans: dict[tuple[int, int], list[tuple[int, int, bool]]] = {}
    for d in deltas:
        span = (d.first_month, d.last_month)
        if span not in spans:
            spans[span] = [(*span, False)] + [
                (first, last, True) for first, last in containing_spans(*span)
            ]
        for first, last, container in spans[span]:
            key = (d.unit_id, d.indicator_id, first, last, container)
            totals[key] += d.total
            counts[key] += d.count
            levels[depth[d.unit_id]].add(key)
    for level in range(max(levels, default=0), 0, -1):
        for key in levels.get(level, ()):
            up = parent[key[0]]
            if up is None:
                continue
            above = (up, *key[1:])
            totals[above] += totals[key]
            counts[above] += counts[key]
            levels[level - 1].add(above)
    return totals, counts


def _key(r: Rollup) -> Key:
    return (r.unit_id, r.indicator_id, r.first_month, r.last_month, r.container)


def apply(deltas: list[Delta]) -> int:
    """Add value changes to the rollups of their units and ancestors; return
    the number of rollup rows written. Call inside the writing transaction."""
    if not deltas:
        return 0
    totals, counts = _sums(deltas)
    keys = [k for k in totals if totals[k] or counts[k]]
    if not keys:
        return 0
    found = {
        tuple(row[:5]): row[5]
        for row in Rollup.objects.filter(
            unit_id__in={k[0] for k in keys},
            indicator_id__in={k[1] for k in keys},
            first_month__in={k[2] for k in keys},
            last_month__in={k[3] for k in keys},
        ).values_list(
            "unit_id", "indicator_id", "first_month", "last_month", "container", "pk"
        )
    }
    changed = [(found[k], totals[k], counts[k]) for k in keys if k in found]
    new = [(*k, totals[k], counts[k]) for k in keys if k not in found]
    # An import of 10,000 rows touches some 200,000 roll-up rows (core.bulk).
    bulk.update_from(
        "v(id, total, count)",
        "UPDATE indicators_rollup SET total = indicators_rollup.total + v.total, "
        "count = indicators_rollup.count + v.count FROM v "
        "WHERE indicators_rollup.id = v.id",
        changed,
    )
    bulk.insert(
        "indicators_rollup",
        (
            "unit_id",
            "indicator_id",
            "first_month",
            "last_month",
            "container",
            "total",
            "count",
        ),
        new,
    )
    # A rollup left with no values at all is removed (not kept as a zero).
    if changed:
        Rollup.objects.filter(pk__in=[c[0] for c in changed], count=0).delete()
    return len(changed) + len(new)


@dataclass
class RebuildReport:
    rows: int
    missing: int
    wrong: int
    extra: int

    @property
    def clean(self) -> bool:
        return not (self.missing or self.wrong or self.extra)


@transaction.atomic
def rebuild(*, fix: bool = True) -> RebuildReport:
    """Recompute every rollup from the raw values; report rows that were missing,
    wrong or superfluous, and (unless `fix` is False) replace the table."""
    facts = (
        DataValue.objects.filter(disaggregation="")  # parts are not counted again
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
    totals, counts = _sums(deltas)
    expected = {k: (totals[k], counts[k]) for k in totals}
    actual = {_key(r): (r.total, r.count) for r in Rollup.objects.all()}
    report = RebuildReport(
        rows=len(expected),
        missing=sum(1 for k in expected if k not in actual),
        wrong=sum(1 for k, v in expected.items() if k in actual and actual[k] != v),
        extra=sum(1 for k in actual if k not in expected),
    )
    if fix and not report.clean:
        Rollup.objects.all().delete()
        Rollup.objects.bulk_create(
            [
                Rollup(
                    unit_id=k[0],
                    indicator_id=k[1],
                    first_month=k[2],
                    last_month=k[3],
                    container=k[4],
                    total=v[0],
                    count=v[1],
                )
                for k, v in expected.items()
            ],
            batch_size=1000,
        )
    return report
