"""Administrative units over time: both official structures and user-made villages."""

import datetime as dt
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from cnscd.core.text import nfc, search_key
from cnscd.units.choices import Level, Structure, UnitType


class PathField(models.CharField):  # type: ignore[type-arg]
    """A materialised path compared byte by byte.

    PostgreSQL's default collation ignores punctuation at the first comparison
    level, which would break the subtree range `path >= p AND path < p'`; the "C"
    collation compares bytes, as SQLite's default BINARY collation already does.
    """

    def db_parameters(self, connection: BaseDatabaseWrapper) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def depth_of(path: str) -> int:
    """0 for the country ("/legacy/"), 1 for a province ("/legacy/30/"), and so on."""
    return path.count("/") - 2


def ancestor_paths(path: str, *, include_self: bool = True) -> list[str]:
    """The paths of the unit's ancestors, from the country down (and its own)."""
    parts = path.strip("/").split("/")
    last = len(parts) + 1 if include_self else len(parts)
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, last)]


def path_upper_bound(path: str) -> str:
    """The first string after every path that starts with `path` ("/a/" → "/a0")."""
    return path[:-1] + "0"


class AdministrativeUnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def valid_on(self, day: dt.date) -> "AdministrativeUnitQuerySet":
        """Units in force on `day`."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        )

    def subtree_of(
        self, path: str, *, include_self: bool = True
    ) -> "AdministrativeUnitQuerySet":
        """Units at or below the unit with `path`: one indexed range scan."""
        lower = models.Q(path__gte=path) if include_self else models.Q(path__gt=path)
        return self.filter(lower, path__lt=path_upper_bound(path))


class AdministrativeUnit(models.Model):
    """The country, a province, district, commune or village (thôn, tổ dân phố)
    in one structure.

    Levels, parents and names are data. `path` is the chain of codes from the
    structure down to the unit ("/legacy/30/288/10507/"), so a subtree is a range
    of `path` (ADR 0001); the country of a structure is its root ("/legacy/"). Villages are created by users under a commune; their
    code is the commune code with a sequence number ("10507.003").
    """

    structure = models.CharField("cơ cấu", max_length=10, choices=Structure.choices)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    unit_type = models.CharField("loại đơn vị", max_length=20, choices=UnitType.choices)
    code = models.CharField("mã", max_length=20)
    name = models.CharField("tên", max_length=150)
    short_name = models.CharField("tên ngắn", max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = PathField("đường dẫn", max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField("độ sâu")
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    latitude = models.FloatField("vĩ độ", null=True, blank=True)
    longitude = models.FloatField("kinh độ", null=True, blank=True)
    search_key = models.CharField("khóa tìm kiếm", max_length=150, db_index=True)
    version = models.PositiveIntegerField("phiên bản", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "level", "code"],
                name="unit_code_unique_in_structure",
            ),
            models.UniqueConstraint(
                fields=["parent", "search_key"],
                condition=models.Q(level="village"),
                name="village_name_unique_in_commune",
            ),
        ]
        indexes = [models.Index(fields=["parent", "code"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived columns only; rules live in services.
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name or self.name)
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )


class UnitCorrespondence(models.Model):
    """A legacy unit and a 2025 unit that took over (part of) its territory.

    A legacy commune split between several new communes has one row per new
    commune; `is_primary` marks the one the official converter picks by default.
    """

    legacy = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    is_primary = models.BooleanField("đơn vị kế thừa chính", default=True)

    class Meta:
        verbose_name = "tương ứng đơn vị cũ – mới"
        verbose_name_plural = "tương ứng đơn vị cũ – mới"
        constraints = [
            models.UniqueConstraint(
                fields=["legacy", "successor"], name="correspondence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.legacy} → {self.successor}"
