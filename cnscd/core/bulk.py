"""Writing many rows with few statements, the same way on SQLite and PostgreSQL.

The ORM's bulk methods prepare every field of every row in Python, and one
statement per row costs a round trip each on PostgreSQL; an import of 10,000
units writes some 250,000 rows. Here PostgreSQL takes them by COPY (50,000
roll-up rows in 0,4 s against 2,5 s as VALUES lists) and SQLite as VALUES
lists of `BATCH` rows. Table and column names are the callers' constants,
never input; values are always parameters.
"""

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

NAME = re.compile(r"[a-z_]+")
# Rows per statement: SQLite allows 32,766 parameters, 13 columns × 1,000 fit.
BATCH = 1000


def _values(width: int, count: int) -> str:
    row = "(" + ", ".join(["%s"] * width) + ")"
    return ", ".join([row] * count)


def insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Append rows (tuples in the order of `columns`) to `table`: COPY on
    PostgreSQL, VALUES lists of `BATCH` rows on SQLite. `rows` may be a
    generator (the bench streams 10 million facts through here)."""
    if not all(NAME.fullmatch(n) for n in (table, *columns)):
        raise ValueError(f"not a table or column name: {table} {columns}")
    names = ", ".join(columns)
    rows = iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # The backend's own cursor with "?" placeholders: Django's wrapper
        # (placeholder rewriting, bookkeeping per statement) took 3,3 s of an
        # import's inserts of 50.000 values and 215.000 roll-up rows; 1,8 s now.
        raw = cursor.cursor
        row_marks = "(" + ", ".join(["?"] * len(columns)) + ")"
        while chunk := list(itertools.islice(rows, BATCH)):
            raw.execute(
                f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608 - names checked
                + ", ".join([row_marks] * len(chunk)),
                [v for row in chunk for v in row],
            )


def insert_objects(objs: Sequence[Model]) -> None:
    """Append new model instances of one model through `insert`, without
    reading their ids back: for rows nobody edits in the same breath (audit
    events, the empty reports an import opens). Each field is prepared as the
    ORM would (`auto_now_add` stamped, JSON encoded) but the statement is not
    built per row: 10,000 audit events in 0,2 s against 1,0 s by
    `bulk_create` on SQLite."""
    if not objs:
        return
    meta = type(objs[0])._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    insert(
        meta.db_table,
        [f.attname if f.column is None else f.column for f in fields],
        (
            tuple(
                f.get_db_prep_save(f.pre_save(obj, add=True), connection)
                for f in fields
            )
            for obj in objs
        ),
    )


def update_from(columns: str, statement: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run `statement` (an UPDATE … FROM v …) with the rows as the table `v`:
    `columns` names them, e.g. "v(id, total, count)"."""
    if not rows:
        return
    width = len(rows[0])
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            cursor.execute(
                f"WITH {columns} AS (VALUES {_values(width, len(chunk))}) {statement}",
                [v for row in chunk for v in row],
            )
