"""Targets, criteria sets (versioned data), evaluations with their per-criterion
scores, and classification bands."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from cnscd.core.numbers import MAX_FIGURE
from cnscd.evaluation.choices import EvaluationStatus, Method, Subject, TargetMethod
from cnscd.indicators.models import Indicator
from cnscd.units.models import AdministrativeUnit


class Target(models.Model):
    """What a unit is expected to reach for an indicator over a period, assigned
    by the level above (by hand or by a distribution rule) and split further
    down by the unit itself."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    period = models.CharField("kỳ", max_length=20)
    value = models.DecimalField("chỉ tiêu", max_digits=20, decimal_places=4)
    method = models.CharField("cách giao", max_length=20, choices=TargetMethod.choices)
    overridden = models.BooleanField(
        "sửa tay sau khi chia", default=False
    )  # a rule's share changed by hand: kept when the rule is run again
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "period"], name="target_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0, value__lte=MAX_FIGURE),
                name="target_value_in_range",
            ),
        ]
        ordering = ["unit__path", "indicator__code"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator.code} · {self.period}"


class CriteriaSet(models.Model):
    """A criteria set (bộ tiêu chí) in one version. A version that has scores is
    never edited: a change is imported as a new version."""

    code = models.SlugField("mã bộ tiêu chí", max_length=60)
    name = models.CharField("tên bộ tiêu chí", max_length=255)
    issuing_body = models.CharField("cơ quan ban hành", max_length=255)
    version = models.PositiveIntegerField("phiên bản")
    valid_from = models.DateField("áp dụng từ ngày")
    is_local_draft = models.BooleanField("bản dự thảo của địa phương", default=False)
    subject = models.CharField(
        "áp dụng cho", max_length=10, choices=Subject.choices, default=Subject.UNIT
    )
    source_file = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="criteria_set_version_unique"
            )
        ]
        ordering = ["code", "-version"]

    def __str__(self) -> str:
        return f"{self.name} (phiên bản {self.version})"

    @property
    def max_points(self) -> Decimal:
        return sum((g.max_points for g in self.groups.all()), Decimal(0))


class CriteriaGroup(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="groups"
    )
    order = models.PositiveSmallIntegerField()
    number = models.CharField("STT", max_length=10)
    name = models.CharField("nhóm tiêu chí", max_length=255)
    max_points = models.DecimalField("điểm tối đa", max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["criteria_set", "order"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Criterion(models.Model):
    group = models.ForeignKey(
        CriteriaGroup, on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField()
    number = models.CharField("STT", max_length=10)
    name = models.CharField("tiêu chí", max_length=500)
    max_points = models.DecimalField("điểm tối đa", max_digits=8, decimal_places=2)
    method = models.CharField("cách tính", max_length=20, choices=Method.choices)
    rule_text = models.CharField("cách tính điểm", max_length=500)
    params = models.JSONField(default=dict, blank=True)
    sources = models.CharField("nguồn dữ liệu", max_length=300, blank=True)
    evidence = models.CharField("tài liệu kiểm chứng", max_length=500, blank=True)
    verifier = models.CharField("đơn vị xác minh", max_length=255, blank=True)

    class Meta:
        ordering = ["group__order", "order"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def evidence_required(self) -> bool:
        """Manual points need a document or link ("tài liệu kiểm chứng")."""
        return self.method == Method.MANUAL


class Evaluation(models.Model):
    """One unit's score sheet for a period under one criteria-set version:
    computed, self-assessed by the unit, reviewed and approved by the level
    above. Approval freezes it."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="evaluations"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="evaluations"
    )
    period = models.CharField("kỳ", max_length=20)
    status = models.CharField(
        max_length=20,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
    )
    total = models.DecimalField(
        "tổng điểm", max_digits=10, decimal_places=2, default=Decimal(0)
    )
    band = models.CharField("xếp loại", max_length=120, blank=True)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "unit", "period"], name="evaluation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.criteria_set}"

    @property
    def frozen(self) -> bool:
        return self.status == EvaluationStatus.APPROVED


class CriterionScore(models.Model):
    """Points for one criterion with what they came from. The criterion's
    number, name, maximum and rule are copied in, so an approved sheet reads
    the same whatever happens to the set later."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    number = models.CharField(max_length=10)
    name = models.CharField(max_length=500)
    max_points = models.DecimalField(max_digits=8, decimal_places=2)
    rule_text = models.CharField(max_length=500)
    computed = models.DecimalField(
        "điểm tính từ số liệu", max_digits=8, decimal_places=2, null=True, blank=True
    )
    self_points = models.DecimalField(
        "điểm tự chấm", max_digits=8, decimal_places=2, null=True, blank=True
    )
    review_points = models.DecimalField(
        "điểm thẩm định", max_digits=8, decimal_places=2, null=True, blank=True
    )
    points = models.DecimalField(
        "điểm", max_digits=8, decimal_places=2, default=Decimal(0)
    )
    inputs = models.JSONField(default=dict, blank=True)
    explanation = models.TextField(blank=True)
    self_note = models.TextField("giải trình của đơn vị", blank=True)
    review_note = models.TextField("ý kiến thẩm định", blank=True)
    evidence_link = models.URLField("đường dẫn tài liệu", max_length=500, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_token = models.CharField(max_length=64, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["evaluation", "criterion__group__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="criterion_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.points}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_link or self.evidence_token)

    @property
    def unscored(self) -> bool:
        """No points from data, the unit or the reviewer: "chưa chấm", not 0."""
        return (
            self.computed is None
            and self.self_points is None
            and self.review_points is None
        )


class BandSet(models.Model):
    """Classification bands as data: ordered rules, the first that holds wins."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField("tên cách xếp loại", max_length=255)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)  # the default for its subject
    subject = models.CharField(
        "áp dụng cho", max_length=10, choices=Subject.choices, default=Subject.UNIT
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Band(models.Model):
    band_set = models.ForeignKey(
        BandSet, on_delete=models.CASCADE, related_name="bands"
    )
    order = models.PositiveSmallIntegerField()
    name = models.CharField("mức", max_length=120)
    # [{"ref": "training_sessions" | "score", "op": ">=", "value": 10}], all must hold;
    # an empty list always holds (the last, catch-all band).
    conditions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["band_set", "order"]

    def __str__(self) -> str:
        return self.name
