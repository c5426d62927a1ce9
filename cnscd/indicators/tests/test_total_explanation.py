"""The rows a wrong total row leaves out, found by lookups instead of trying
every combination: the same answer as the brute force, on any table."""

import itertools
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from cnscd.indicators.quality import ValueRow, _explain

CODES = ["a", "b", "c"]


def brute_force(rows, total, wrong, right, sums):  # type: ignore[no-untyped-def]
    """The former search: every combination of 1, 2 then 3 rows, in order."""
    for size in (1, 2, 3):
        for combo in itertools.combinations(rows, size):
            left_out = {
                c.code: sum(
                    (r.values.get(c.code) or Decimal(0) for r in combo), Decimal(0)
                )
                for c in [*wrong, *right]
            }
            if all(
                sums[c.code] - left_out[c.code] == total.values[c.code] for c in wrong
            ) and all(left_out[c.code] == 0 for c in right):
                return list(combo)
    return None


cells = st.one_of(st.none(), st.integers(0, 6).map(Decimal))


@settings(max_examples=300, deadline=None)
@given(
    table=st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=9),
    left_out=st.sets(st.integers(0, 8), max_size=3),
    wrong_count=st.integers(1, 3),
)
def test_same_rows_as_trying_every_combination(
    table: list[tuple[Decimal | None, ...]], left_out: set[int], wrong_count: int
) -> None:
    rows = [
        ValueRow(i + 1, f"Dòng {i + 1}", str(i), dict(zip(CODES, values, strict=True)))
        for i, values in enumerate(table)
    ]
    sums = {
        code: sum((r.values[code] or Decimal(0) for r in rows), Decimal(0))
        for code in CODES
    }
    printed = {
        code: sums[code]
        - sum(
            (rows[i].values[code] or Decimal(0) for i in left_out if i < len(rows)),
            Decimal(0),
        )
        for code in CODES
    }
    total = ValueRow(99, "Tổng", None, printed)  # type: ignore[arg-type]
    columns = [SimpleNamespace(code=c) for c in CODES]
    wrong, right = columns[:wrong_count], columns[wrong_count:]
    found = _explain(rows, total, wrong, right, sums)  # type: ignore[arg-type]
    assert found == brute_force(rows, total, wrong, right, sums)


def test_a_ten_thousand_row_table_is_explained_at_once() -> None:
    rows = [
        ValueRow(i, f"Xã {i}", str(i), {"a": Decimal(i), "b": Decimal(2 * i)})
        for i in range(1, 10_001)
    ]
    sums = {
        "a": Decimal(sum(range(1, 10_001))),
        "b": Decimal(2 * sum(range(1, 10_001))),
    }
    # The printed total leaves out rows 17 and 9.998.
    total = ValueRow(
        10_001,
        "Tổng",
        None,
        {"a": sums["a"] - 17 - 9998, "b": sums["b"] - 34 - 19996},
    )
    columns = [SimpleNamespace(code="a"), SimpleNamespace(code="b")]
    found = _explain(rows, total, columns, [], sums)  # type: ignore[arg-type]
    assert found is not None
    assert sum(r.values["a"] for r in found) == 17 + 9998  # type: ignore[misc]
