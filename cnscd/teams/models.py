"""Steering committees, community teams, their decisions, people and memberships."""

import datetime as dt

from django.db import models
from django.db.models import Q

from cnscd.accounts.models import Organisation
from cnscd.teams.choices import BodyKind, BodyStatus, DecisionKind, Position, Sex
from cnscd.units.models import AdministrativeUnit


class Body(models.Model):
    """A steering committee (Tổ chỉ đạo, at province, district or commune level) or
    a community team (Tổ CNSCĐ, at a village — or at a commune or school where a
    province organises them that way). Established and changed by decisions."""

    kind = models.CharField("loại", max_length=30, choices=BodyKind.choices)
    name = models.CharField("tên", max_length=255)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    status = models.CharField(
        "trạng thái",
        max_length=20,
        choices=BodyStatus.choices,
        default=BodyStatus.ACTIVE,
    )
    established_on = models.DateField("ngày thành lập", null=True, blank=True)
    ended_on = models.DateField("ngày giải thể / sáp nhập", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="sáp nhập vào",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    zalo_group_url = models.URLField("nhóm Zalo", max_length=300, blank=True)
    zalo_oa_url = models.URLField("Zalo OA", max_length=300, blank=True)
    note = models.TextField("ghi chú", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tổ"
        verbose_name_plural = "tổ"
        ordering = ["unit__path", "kind", "name"]
        indexes = [models.Index(fields=["kind", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(ended_on__gte=models.F("established_on")),
                name="body_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.established_on is None or self.established_on <= day) and (
            self.ended_on is None or self.ended_on > day
        )


class Decision(models.Model):
    """A numbered decision (quyết định) that establishes, re-establishes
    ("kiện toàn"), amends or dissolves a body, with its optional scanned PDF."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(
        "loại quyết định", max_length=20, choices=DecisionKind.choices
    )
    number = models.CharField("số quyết định", max_length=60)
    signed_on = models.DateField("ngày ký")
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    scan = models.FileField("bản quét (PDF)", upload_to="decisions/", blank=True)
    note = models.CharField("trích yếu", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quyết định"
        verbose_name_plural = "quyết định"
        ordering = ["signed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number", "signed_on"], name="decision_unique_per_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.signed_on:%d/%m/%Y}"


class Person(models.Model):
    """Someone who sits (or sat) in a body. One row per person: matched on the
    normalised phone number, merged by officers when entered twice."""

    full_name = models.CharField("họ và tên", max_length=150)
    sex = models.CharField("giới tính", max_length=10, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    phone = models.CharField("số điện thoại", max_length=15, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    zalo = models.CharField("Zalo", max_length=100, blank=True)
    search_key = models.CharField(max_length=150, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"
        ordering = ["search_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="person_phone_unique"
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class Membership(models.Model):
    """A person's seat in a body: position, the organisation they come from, and
    when. Leaving sets `ended_on`; the row stays as history."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    position = models.CharField("chức vụ", max_length=20, choices=Position.choices)
    custom_title = models.CharField("chức danh", max_length=100, blank=True)
    affiliation = models.ForeignKey(
        Organisation,
        verbose_name="đơn vị công tác",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    affiliation_text = models.CharField(
        "đơn vị công tác (ghi)", max_length=200, blank=True
    )
    started_on = models.DateField("từ ngày", null=True, blank=True)
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chức vụ trong tổ"
        verbose_name_plural = "chức vụ trong tổ"
        ordering = ["body", "position", "person__search_key"]
        indexes = [models.Index(fields=["body", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body"],
                condition=Q(ended_on__isnull=True),
                name="one_open_membership_per_body",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}"

    @property
    def title(self) -> str:
        if self.position == Position.CUSTOM and self.custom_title:
            return self.custom_title
        return str(self.get_position_display())

    @property
    def affiliation_name(self) -> str:
        return str(self.affiliation) if self.affiliation else self.affiliation_text
