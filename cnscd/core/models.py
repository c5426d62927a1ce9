"""The shared kernel's models: the append-only audit trail."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One recorded change or security event: who, when, what, before and after.

    `unit_path` copies the path of the unit the event belongs to, so that officers
    read the events of their own subtree with the same range query as units.
    Rows are only ever inserted (services call `cnscd.core.audit.record`).
    """

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("tên người thực hiện", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=40)
    object_type = models.CharField("loại đối tượng", max_length=60, blank=True)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_repr = models.CharField("đối tượng", max_length=255, blank=True)
    unit_path = models.CharField("đơn vị (đường dẫn)", max_length=255, blank=True)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    message = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit_path", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        from cnscd.core.audit_labels import action_label

        return action_label(self.action)

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(label, before, after) as an officer reads them, for every field
        whose value differs."""
        from cnscd.core.audit_labels import field_label, value_text

        kind = self.object_type
        return [
            (field_label(kind, k), value_text(kind, k, old), value_text(kind, k, new))
            for k, old, new in self.changed_fields
        ]

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [
            (k, before.get(k), after.get(k))
            for k in keys
            if before.get(k) != after.get(k)
        ]
