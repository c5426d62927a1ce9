"""Users and their assignments (unit + role)."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from cnscd.core.roles import Role
from cnscd.units.models import AdministrativeUnit


class Organisation(models.Model):
    """Where a member or partner reporter comes from: a department, a mass
    organisation (youth union, women's union…), the commune police, a company
    (VNPT, Viettel, MobiFone, Vietnam Post), a bank. A managed list."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Cơ quan nhà nước"
        MASS_ORGANISATION = "mass_organisation", "Tổ chức chính trị - xã hội"
        POLICE = "police", "Công an"
        TELECOM = "telecom", "Doanh nghiệp viễn thông, công nghệ số"
        POST = "post", "Bưu chính"
        BANK = "bank", "Ngân hàng"
        SCHOOL = "school", "Trường học"
        OTHER = "other", "Khác"

    name = models.CharField("tên", max_length=200, unique=True)
    short_name = models.CharField("tên viết tắt", max_length=60, blank=True)
    kind = models.CharField(
        "loại", max_length=30, choices=Kind.choices, default=Kind.OTHER
    )
    aliases = models.CharField(
        "tên gọi khác",
        max_length=500,
        blank=True,
        help_text="Cách nhau bằng dấu chấm phẩy",
    )
    search_key = models.CharField(max_length=200, db_index=True)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "tổ chức"
        verbose_name_plural = "tổ chức"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


# The enterprises that report by provider in the seed: telecoms, post, banks.
PARTNER_KINDS = (
    Organisation.Kind.TELECOM,
    Organisation.Kind.POST,
    Organisation.Kind.BANK,
)


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
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="tổ chức (báo cáo viên doanh nghiệp)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
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
