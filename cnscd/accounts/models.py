"""Users and their assignments (unit + role)."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from cnscd.core.roles import Role
from cnscd.units.models import AdministrativeUnit


class User(AbstractUser):
    """A person who signs in. What they may see comes only from their assignments.

    Superusers are operators of the installation, not officers.
    """

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Assignment(models.Model):
    """A role held by a user on a unit; the user sees that unit's subtree."""

    user = models.ForeignKey(
        User,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit}"
