"""Whether a province shows its aggregates on a public page."""

from django.conf import settings
from django.db import models

from cnscd.units.models import AdministrativeUnit


class PublicPage(models.Model):
    """A province's public, read-only page of aggregates (off until switched on)."""

    unit = models.OneToOneField(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="public_page"
    )
    enabled = models.BooleanField("công khai", default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "trang công khai"
        verbose_name_plural = "trang công khai"

    def __str__(self) -> str:
        return f"{self.unit} ({'bật' if self.enabled else 'tắt'})"
