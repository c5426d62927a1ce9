"""Indicators, reporting forms, reports and their values, and the roll-up table."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from cnscd.accounts.models import Organisation
from cnscd.core.numbers import MAX_FIGURE
from cnscd.indicators.choices import (
    Operator,
    Pillar,
    ReportStatus,
    Severity,
    Source,
    TimeAggregation,
    UnitAggregation,
    ValueType,
)
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit

# Roll-up totals add up bounded figures; this bound only keeps out NaN/Infinity.
ROLLUP_BOUND = Decimal(10**19)


class Indicator(models.Model):
    """Something counted (chỉ tiêu): how it is measured and how it adds up over
    units and over time."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=255)
    measure = models.CharField("đơn vị tính", max_length=40)
    value_type = models.CharField(
        "kiểu giá trị",
        max_length=20,
        choices=ValueType.choices,
        default=ValueType.INTEGER,
    )
    unit_aggregation = models.CharField(
        "cộng theo đơn vị",
        max_length=20,
        choices=UnitAggregation.choices,
        default=UnitAggregation.SUM,
    )
    time_aggregation = models.CharField(
        "cộng theo thời gian",
        max_length=20,
        choices=TimeAggregation.choices,
        default=TimeAggregation.SUM,
    )
    pillar = models.CharField("trụ cột", max_length=20, choices=Pillar.choices)
    disaggregations = models.JSONField("phân tổ", default=list, blank=True)
    description = models.TextField("mô tả", blank=True)
    # The largest figure one unit may report for one period (a commune cannot
    # guide 10^17 people); blank: the platform's ceiling, MAX_FIGURE.
    max_value = models.DecimalField(
        "giá trị lớn nhất", max_digits=20, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def maximum(self) -> Decimal:
        """The largest figure a unit may hold for this indicator."""
        if self.max_value is None:
            return MAX_FIGURE
        return min(self.max_value, MAX_FIGURE)


class Form(models.Model):
    """A reporting form (biểu mẫu): indicators, a period type, who reports it and
    by when. Seeded forms apply nationwide to every unit of their level."""

    code = models.SlugField("mã biểu", max_length=60, unique=True)
    name = models.CharField("tên biểu", max_length=255)
    period_type = models.CharField("loại kỳ", max_length=20)
    target_level = models.CharField(
        "cấp báo cáo", max_length=10, choices=Level.choices, blank=True
    )
    target_units = models.ManyToManyField(
        AdministrativeUnit, blank=True, related_name="forms"
    )
    target_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="forms"
    )
    deadline_days = models.PositiveSmallIntegerField(
        "hạn nộp (ngày sau kỳ)", default=15
    )
    partner_reported = models.BooleanField(
        "doanh nghiệp, tổ chức báo cáo",
        default=False,
        help_text="Mỗi doanh nghiệp, tổ chức đối tác báo cáo số liệu của mình cho "
        "từng đơn vị; số của đơn vị là tổng các doanh nghiệp",
    )
    from_activities = models.BooleanField(
        "tổng hợp tự động từ nhật ký hoạt động",
        default=False,
        help_text="Số liệu không nhập tay: được tính lại mỗi khi nhật ký thay đổi",
    )
    appendix = models.BooleanField(
        "dùng làm phụ lục báo cáo",
        default=False,
        help_text="Biểu được chọn cho bảng tổng hợp, phụ lục và bảng điều khiển "
        "của đơn vị cấp trên",
    )
    indicators = models.ManyToManyField(
        Indicator, through="FormIndicator", related_name="forms"
    )

    class Meta:
        verbose_name = "biểu mẫu"
        verbose_name_plural = "biểu mẫu"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class FormIndicator(models.Model):
    """An indicator's column in a form, with header texts it is known by."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="columns")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField()
    aliases = models.TextField(
        "tiêu đề cột thường gặp", blank=True, help_text="Mỗi dòng một cách viết"
    )

    class Meta:
        ordering = ["form", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "indicator"], name="form_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form.code}: {self.indicator.code}"


class HeaderMapping(models.Model):
    """A column header an officer confirmed once as meaning an indicator; later
    imports reuse it."""

    form = models.ForeignKey(
        Form, on_delete=models.CASCADE, related_name="header_mappings"
    )
    header_key = models.CharField(max_length=300)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "header_key"], name="header_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header_key} → {self.indicator.code}"


class ValidationRule(models.Model):
    """A rule between two indicators of the same unit and period, e.g. DVCTT
    accounts created should not exceed citizens guided."""

    code = models.SlugField(max_length=60, unique=True)
    left = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    operator = models.CharField(max_length=2, choices=Operator.choices)
    right = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    severity = models.CharField(
        max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    message = models.CharField("giải thích", max_length=300)

    class Meta:
        verbose_name = "quy tắc kiểm tra"
        verbose_name_plural = "quy tắc kiểm tra"

    def __str__(self) -> str:
        return self.message


class Report(models.Model):
    """What one unit reports on one form for one period, with its workflow state."""

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField("kỳ", max_length=20)
    # Set on a partner organisation's report of its own figures for the unit.
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name="doanh nghiệp, tổ chức",
    )
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=1)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "period"],
                condition=models.Q(organisation__isnull=True),
                name="report_unique",
            ),
            models.UniqueConstraint(
                fields=["form", "unit", "period", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="report_partner_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} {self.unit} {self.period}"


class DataValue(models.Model):
    """A raw fact: one indicator's value for one unit, period and disaggregation,
    with where it came from."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="values"
    )
    period = models.CharField(max_length=20)
    first_month = models.PositiveIntegerField()
    last_month = models.PositiveIntegerField()
    disaggregation = models.CharField(max_length=120, blank=True, default="")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="values"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    source_file = models.CharField(max_length=255, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "disaggregation"],
                name="data_value_unique",
            ),
            # Finite, not negative, within the ceiling: no path stores "1e400".
            models.CheckConstraint(
                condition=models.Q(value__gte=0, value__lte=MAX_FIGURE),
                name="data_value_in_range",
            ),
        ]
        indexes = [models.Index(fields=["unit", "indicator", "first_month"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} = {self.value}"

    @property
    def provenance(self) -> str:
        if self.source == Source.IMPORTED:
            return f"Nhập từ tệp {self.source_file}, dòng {self.source_row}"
        return str(Source(self.source).label)


class Rollup(models.Model):
    """Maintained figures: for each unit with values at or below it, its own
    values' sum and count over a span of months, its children's figures' sum and
    count, and which of the two counts (ADR 0013). Updated in the same
    transaction as every value; `cnscd rebuild_rollups` recomputes it.

    Rows with `container` set hold, for a quarter, half-year or year, the values
    whose span lies inside it and is smaller (period containment): the total of
    a standard period is then its rows with exactly that span, one lookup."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    first_month = models.PositiveIntegerField()
    last_month = models.PositiveIntegerField()
    container = models.BooleanField(default=False)
    # The figure that counts (ADR 0013): the own sums when the unit has an own
    # value in the period, otherwise its children's.
    total = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    count = models.PositiveIntegerField(default=0)
    own_total = models.DecimalField(max_digits=24, decimal_places=4, db_default=0)
    own_count = models.PositiveIntegerField(db_default=0)
    below_total = models.DecimalField(max_digits=24, decimal_places=4, db_default=0)
    below_count = models.PositiveIntegerField(db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "first_month", "last_month", "container"],
                name="rollup_unique",
            ),
            # Finite (NaN and Infinity fail it on both engines).
            models.CheckConstraint(
                condition=models.Q(total__gte=-ROLLUP_BOUND, total__lte=ROLLUP_BOUND),
                name="rollup_total_finite",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.unit_id}/{self.indicator_id} {self.first_month}-{self.last_month}"
        )


class ReportRevision(models.Model):
    """A report's values as they were approved, kept when a correction is opened,
    so every approved version can be shown and compared."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="revisions"
    )
    revision = models.PositiveIntegerField()
    values = models.JSONField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "revision"], name="report_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} r{self.revision}"
