"""The official periodic report of a unit (what the officer writes around the
figures) and the files generated from it (who, when, hash)."""

from django.conf import settings
from django.db import models

from cnscd.reports.choices import FileFormat, JobStatus
from cnscd.units.models import AdministrativeUnit


class ReportDocument(models.Model):
    """One unit's report for one period: the header of Decree 30/2020 and the
    free-text sections the officer writes; the figures are drawn at generation."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="official_reports"
    )
    period = models.CharField("kỳ", max_length=20)
    agency_parent = models.CharField("cơ quan chủ quản", max_length=200, blank=True)
    agency = models.CharField("cơ quan ban hành", max_length=200)
    number = models.CharField("số", max_length=20, blank=True)
    issuer_code = models.CharField("ký hiệu", max_length=40)
    place = models.CharField("địa danh", max_length=100)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=300)
    lessons = models.TextField("bài học kinh nghiệm", blank=True)
    difficulties = models.TextField("tồn tại, hạn chế và nguyên nhân", blank=True)
    directions = models.TextField("định hướng thời gian tới", blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    signer_role = models.CharField("quyền hạn ký", max_length=100)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "báo cáo định kỳ"
        verbose_name_plural = "báo cáo định kỳ"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"], name="report_document_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"


class GeneratedReport(models.Model):
    """A file generated from a report document, or the job making it."""

    document = models.ForeignKey(
        ReportDocument, on_delete=models.CASCADE, related_name="files"
    )
    format = models.CharField(max_length=10, choices=FileFormat.choices)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    token = models.CharField(max_length=32, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # The figures and the free text as they were when the file was made.
    snapshot = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tệp báo cáo"
        verbose_name_plural = "tệp báo cáo"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} {self.format}"

    @property
    def filename(self) -> str:
        unit = self.document.unit
        return f"bao-cao-{unit.code}-{self.document.period}.{self.format}"


class ReportTemplate(models.Model):
    """A unit's own Word template (restyled in Word from the default one); it
    applies to the unit and every unit under it that has none of its own."""

    unit = models.OneToOneField(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="report_template"
    )
    content = models.BinaryField()
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "mẫu báo cáo"
        verbose_name_plural = "mẫu báo cáo"

    def __str__(self) -> str:
        return f"{self.unit} {self.filename}"
