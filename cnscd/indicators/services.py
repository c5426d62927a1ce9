"""Writing indicator values: every change updates the roll-ups in the same
transaction and keeps its provenance."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cnscd.core import audit
from cnscd.core.periods import Period
from cnscd.indicators import rollups
from cnscd.indicators.choices import ReportStatus, Source
from cnscd.indicators.models import DataValue, Form, Indicator, Report
from cnscd.units.models import AdministrativeUnit


@dataclass(frozen=True)
class ValueInput:
    indicator: Indicator
    value: Decimal | None  # None: no value (blank, "-", "x")
    disaggregation: str = ""
    source: str = Source.ENTERED
    source_file: str = ""
    source_row: int | None = None


def report_for(*, form: Form, unit: AdministrativeUnit, period: Period) -> Report:
    report, _ = Report.objects.get_or_create(form=form, unit=unit, period=period.code)
    return report


def received_at(day: dt.date) -> dt.datetime:
    """A day a file was received, as a moment (midday, local time)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@transaction.atomic
def values_store(
    *,
    actor: Any,
    report: Report,
    period: Period,
    values: list[ValueInput],
    status: str | None = None,
    sent_on: dt.date | None = None,
    imported: bool = False,
) -> dict[str, int]:
    """Upsert the report's values (None removes one) and update roll-ups.

    A report submitted here is stamped now; one imported from a file is stamped
    with the day the file was received (`sent_on`), or left unstamped when
    nobody knows, so that it is neither on time nor late.

    Returns counts of created, updated, unchanged and removed values."""
    actor_row = actor if getattr(actor, "pk", None) else None
    existing = {
        (v.indicator_id, v.disaggregation): v
        for v in DataValue.objects.filter(
            unit=report.unit,
            period=period.code,
            indicator__in=[x.indicator for x in values],
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    deltas: list[rollups.Delta] = []
    for item in values:
        key = (item.indicator.pk, item.disaggregation)
        old = existing.get(key)
        if item.value is None:
            if old is not None:
                deltas.append(
                    rollups.Delta(
                        report.unit_id,
                        item.indicator.pk,
                        old.first_month,
                        old.last_month,
                        -old.value,
                        -1,
                    )
                )
                old.delete()
                counts["removed"] += 1
            continue
        if old is None:
            DataValue.objects.create(
                indicator=item.indicator,
                unit=report.unit,
                period=period.code,
                first_month=period.first_month,
                last_month=period.last_month,
                disaggregation=item.disaggregation,
                value=item.value,
                report=report,
                source=item.source,
                source_file=item.source_file[:255],
                source_row=item.source_row,
                updated_by=actor_row,
            )
            deltas.append(
                rollups.Delta(
                    report.unit_id,
                    item.indicator.pk,
                    period.first_month,
                    period.last_month,
                    item.value,
                    1,
                )
            )
            counts["created"] += 1
        elif old.value != item.value or old.source_file != item.source_file[:255]:
            deltas.append(
                rollups.Delta(
                    report.unit_id,
                    item.indicator.pk,
                    old.first_month,
                    old.last_month,
                    item.value - old.value,
                    0,
                )
            )
            old.value = item.value
            old.source, old.source_file, old.source_row = (
                item.source,
                item.source_file[:255],
                item.source_row,
            )
            old.report, old.updated_by = report, actor_row
            old.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    rollups.apply(deltas)
    if status and report.status != status:
        report.status = status
        if status == ReportStatus.SUBMITTED:
            report.submitted_at = (
                received_at(sent_on)
                if sent_on
                else None
                if imported
                else timezone.now()
            )
            report.submitted_by = actor_row
        report.version += 1
        report.save()
    if counts["created"] or counts["updated"] or counts["removed"]:
        audit.record(
            actor=actor,
            action="report.values",
            obj=report,
            unit_path=report.unit.path,
            after={"period": period.code, **counts},
        )
    return counts
