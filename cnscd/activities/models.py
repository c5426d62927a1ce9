"""The activity log (nhật ký hoạt động): what a community team did, session by
session. Each change updates the village's monthly indicator values derived
from the log in the same transaction (see `services.refresh_month`)."""

from django.conf import settings
from django.db import models

from cnscd.activities.choices import ActivityKind
from cnscd.teams.models import Body
from cnscd.units.models import AdministrativeUnit

# More people than this in one session is a typing error, not a session.
MAX_PEOPLE = 2000


class Activity(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="activities", verbose_name="Tổ"
    )
    # The team's village when the session was logged (a team does not move).
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="activities"
    )
    held_on = models.DateField("ngày")
    kind = models.CharField("nội dung", max_length=30, choices=ActivityKind.choices)
    people_guided = models.PositiveIntegerField("số người dân được hướng dẫn")
    place = models.CharField("địa điểm", max_length=200, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "buổi hoạt động"
        verbose_name_plural = "nhật ký hoạt động"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_guided__lte=MAX_PEOPLE),
                name="activity_people_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.held_on} {self.get_kind_display()}"
