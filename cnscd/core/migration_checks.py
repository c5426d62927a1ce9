"""A migration step that refuses to add a range check while stored rows would
fail it, and says how to repair them (issue #13, item 2).

Kept small and stable: old migrations import it.
"""

from typing import Any

from django.db import migrations

MESSAGE = (
    "Cơ sở dữ liệu còn {n} giá trị không hợp lệ trong bảng {table} (không hữu hạn, "
    "âm hoặc quá lớn). Chạy “cnscd repair_values” để xem, “cnscd repair_values "
    "--fix” để xóa (có ghi nhật ký), rồi chạy lại “cnscd migrate”."
)


def refuse_out_of_range(table: str, column: str, maximum: int) -> migrations.RunPython:
    def check(apps: Any, schema_editor: Any) -> None:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} "  # noqa: S608 (names from the migration)
                f"WHERE NOT ({column} >= 0 AND {column} <= {int(maximum)})"
            )
            n = cursor.fetchone()[0]
        if n:
            raise RuntimeError(MESSAGE.format(n=n, table=table))

    return migrations.RunPython(check, migrations.RunPython.noop, elidable=True)
