"""Optimistic concurrency: a version column and a conditional UPDATE.

`select_for_update()` does nothing on SQLite, so a save says which version it
started from; if the row moved on meanwhile, nothing is written and the caller
is told (SECURITY D3).
"""

from typing import Any

from django.db import models


class StaleVersion(Exception):
    """Someone saved the object after this edit began; nothing was written."""

    message = (
        "Dữ liệu vừa được người khác sửa. Thay đổi của bạn chưa được lưu: "
        "hãy tải lại để xem bản mới nhất rồi sửa lại."
    )


def update_versioned(obj: models.Model, version: int, **fields: Any) -> None:
    """Write `fields` to `obj` only if its stored version is still `version`;
    bump the version and refresh `obj`. Raise StaleVersion otherwise."""
    model = type(obj)
    # F() rather than version + 1: the client's number (up to 2**63 - 1) never
    # reaches the database as a value the column cannot hold.
    updated = model._default_manager.filter(pk=obj.pk, version=version).update(
        version=models.F("version") + 1, **fields
    )
    if not updated:
        raise StaleVersion
    obj.refresh_from_db()
