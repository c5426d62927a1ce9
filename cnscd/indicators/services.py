"""Writing indicator values: every change updates the roll-ups in the same
transaction and keeps its provenance."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from cnscd.accounts.models import User
from cnscd.core import audit, bulk
from cnscd.core.formatting import format_date, format_decimal
from cnscd.core.numbers import NumberError, check_figure
from cnscd.core.periods import Period, parse_period
from cnscd.core.system import Actor, user_row
from cnscd.core.text import lower_first
from cnscd.indicators import rollups
from cnscd.indicators.choices import OPEN_STATUSES, ReportStatus, Source
from cnscd.indicators.models import DataValue, Form, Indicator, Report
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import unit_predecessors, unit_successors

# A new value row, in the order `values_store_many` fills it.
VALUE_COLUMNS = (
    "indicator_id",
    "unit_id",
    "period",
    "first_month",
    "last_month",
    "disaggregation",
    "value",
    "source",
    "source_file",
    "source_row",
    "updated_at",
    "report_id",
    "updated_by_id",
)


@dataclass(frozen=True)
class ValueInput:
    indicator: Indicator
    value: Decimal | None  # None: no value (blank, "-", "x")
    disaggregation: str = ""
    source: str = Source.ENTERED
    source_file: str = ""
    source_row: int | None = None


def report_for(*, form: Form, unit: AdministrativeUnit, period: Period) -> Report:
    report, _ = Report.objects.get_or_create(
        form=form, unit=unit, period=period.code, organisation=None
    )
    return report


def reports_for(
    *, form: Form, units: list[AdministrativeUnit], period: Period
) -> dict[int, Report]:
    """unit id → the unit's report for the form and period, made where missing
    (two queries for any number of units)."""
    found = {
        r.unit_id: r
        for r in Report.objects.filter(
            form=form, unit__in=units, period=period.code, organisation__isnull=True
        )
    }
    bulk.insert_objects(
        [
            Report(form=form, unit=u, period=period.code)
            for u in units
            if u.pk not in found
        ]
    )
    by_id = {u.pk: u for u in units}
    out = {
        r.unit_id: r
        for r in Report.objects.filter(
            form=form, unit__in=units, period=period.code, organisation__isnull=True
        )
    }
    for r in out.values():  # the units are loaded already; the form is `form`
        r.unit, r.form = by_id[r.unit_id], form
    return out


def received_at(day: dt.date) -> dt.datetime:
    """A day a file was received, as a moment (midday, local time)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@dataclass
class ReportValues:
    """A report and the values to store in it."""

    report: Report
    values: list[ValueInput]


@transaction.atomic
def values_store(
    *,
    actor: Actor,
    report: Report,
    period: Period,
    values: list[ValueInput],
    status: str | None = None,
    sent_on: dt.date | None = None,
    imported: bool = False,
) -> dict[str, int]:
    """Upsert the report's values (None removes one) and update roll-ups.

    Returns counts of created, updated, unchanged and removed values."""
    return values_store_many(
        actor=actor,
        period=period,
        items=[ReportValues(report, values)],
        status=status,
        sent_on=sent_on,
        imported=imported,
    )


@transaction.atomic
def values_store_many(
    *,
    actor: Actor,
    period: Period,
    items: list[ReportValues],
    status: str | None = None,
    sent_on: dt.date | None = None,
    imported: bool = False,
) -> dict[str, int]:
    """Upsert the values of many reports of one period: a fixed number of
    queries whatever their number (an import of 10,000 rows), the roll-ups of
    every unit and ancestor updated once, one audit event per changed report.

    A report submitted here is stamped now; one imported from a file is stamped
    with the day the file was received (`sent_on`), or left unstamped when
    nobody knows, so that it is neither on time nor late.

    Returns the counts of created, updated, unchanged and removed values.
    A figure that is not finite, negative or above its indicator's maximum is
    refused (ValidationError), whatever the form, file or API did."""
    for item in items:
        _check_in_force(item.report.unit, period)
        for given in item.values:
            if given.value is not None:
                ind = given.indicator
                try:
                    check_figure(given.value, ind.maximum, raw=str(given.value)[:20])
                except NumberError as exc:
                    raise ValidationError(f"{ind.name}: {exc}") from exc
    actor_row = user_row(actor)
    existing = {
        (v.unit_id, v.indicator_id, v.disaggregation): v
        for v in DataValue.objects.filter(
            unit_id__in={i.report.unit_id for i in items},
            period=period.code,
            indicator__in={x.indicator for i in items for x in i.values},
        ).select_related("report__form", "indicator")
    }
    total = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    deltas: list[rollups.Delta] = []
    created: list[tuple[Any, ...]] = []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    updated: list[DataValue] = []
    removed: list[int] = []
    changed_reports: list[tuple[Report, dict[str, int]]] = []
    for item in items:
        report = item.report
        counts = dict.fromkeys(total, 0)
        for value in item.values:
            old = existing.get(
                (report.unit_id, value.indicator.pk, value.disaggregation)
            )
            source_file = value.source_file[:255]
            if old is not None and old.value != value.value:
                _check_held(old, report)
            change: tuple[Decimal, int]  # to the roll-ups: total, count
            if value.value is None:
                if old is None:
                    continue
                removed.append(old.pk)
                kind, change = "removed", (-old.value, -1)
            elif old is None:
                created.append(
                    (
                        value.indicator.pk,
                        report.unit_id,
                        period.code,
                        period.first_month,
                        period.last_month,
                        value.disaggregation,
                        value.value,
                        value.source,
                        source_file,
                        value.source_row,
                        now,
                        report.pk,
                        actor_row.pk if actor_row else None,
                    )
                )
                kind, change = "created", (value.value, 1)
            elif old.value != value.value or old.source_file != source_file:
                kind, change = "updated", (value.value - old.value, 0)
                old.value = value.value
                old.source, old.source_file, old.source_row = (
                    value.source,
                    source_file,
                    value.source_row,
                )
                old.report, old.updated_by = report, actor_row
                updated.append(old)
            else:
                counts["unchanged"] += 1
                continue
            counts[kind] += 1
            if not value.disaggregation:  # parts stay out of the roll-ups
                first, last = (
                    (old.first_month, old.last_month)
                    if old is not None
                    else (period.first_month, period.last_month)
                )
                deltas.append(
                    rollups.Delta(
                        report.unit_id, value.indicator.pk, first, last, *change
                    )
                )
        for k, v in counts.items():
            total[k] += v
        if counts["created"] or counts["updated"] or counts["removed"]:
            changed_reports.append((report, counts))
    DataValue.objects.filter(pk__in=removed).delete()
    # 50,000 new values for an import of 10,000 units (core.bulk).
    bulk.insert("indicators_datavalue", VALUE_COLUMNS, created)
    DataValue.objects.bulk_update(
        updated,
        ["value", "source", "source_file", "source_row", "report", "updated_by"],
        batch_size=500,
    )
    rollups.apply(deltas)
    if status:
        _set_status(
            [i.report for i in items if i.report.status != status],
            status,
            actor_row,
            received_at(sent_on) if sent_on else None if imported else timezone.now(),
        )
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action="report.values",
                obj=report,
                unit_path=report.unit.path,
                after={"period": period.code, **counts},
            )
            for report, counts in changed_reports
        ]
    )
    return total


def _check_in_force(unit: AdministrativeUnit, period: Period) -> None:
    """Figures of a period belong to the units in force then: a legacy unit
    takes none for a period after its end, a 2025 unit none for a period before
    it began; the message names where they go (issue #15)."""
    if unit.valid_until and period.start > unit.valid_until:
        others = [s.name for s, _ in unit_successors(unit)]
        raise ValidationError(
            f"{unit.name} chỉ có đến ngày {format_date(unit.valid_until)} (trước khi "
            f"sắp xếp đơn vị hành chính): số liệu {lower_first(period.label)} "
            + (
                f"thuộc về {', '.join(others)}; hãy báo cáo cho đơn vị đó."
                if others
                else "thuộc về đơn vị kế tiếp theo cơ cấu mới."
            )
        )
    if unit.valid_from and period.end < unit.valid_from:
        others = [u.name for u in unit_predecessors(unit)]
        raise ValidationError(
            f"{unit.name} có từ ngày {format_date(unit.valid_from)}: số liệu "
            f"{lower_first(period.label)} thuộc cơ cấu cũ"
            + (f" ({', '.join(others)})." if others else ".")
        )


def _check_held(old: DataValue, report: Report) -> None:
    """A figure held by another report of the unit (another form) that is
    submitted or approved changes only through that report's workflow: never
    moved silently into this one (issue #14)."""
    holder = old.report
    if holder is None or holder.pk == report.pk or holder.status in OPEN_STATUSES:
        return
    raise ValidationError(
        f"“{old.indicator.name}” của {report.unit.name} "
        f"{lower_first(parse_period(old.period).label)} là "
        f"{format_decimal(old.value)} trong báo cáo theo biểu “{holder.form.name}”, "
        f"đang ở trạng thái “{holder.get_status_display()}”. Muốn thay số này, hãy "
        "sửa trên báo cáo đó (trả lại, hoặc mở bản sửa đổi nếu đã duyệt)."
    )


def _set_status(
    reports: list[Report],
    status: str,
    actor: User | None,
    submitted_at: dt.datetime | None,
) -> None:
    """One statement for any number of reports (they all get the same values)."""
    fields: dict[str, Any] = {"status": status, "version": F("version") + 1}
    if status == ReportStatus.SUBMITTED:
        fields |= {"submitted_at": submitted_at, "submitted_by": actor}
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(**fields)
    for report in reports:  # the callers' objects follow the database
        report.status = status
        report.version += 1
        if status == ReportStatus.SUBMITTED:
            report.submitted_at, report.submitted_by = submitted_at, actor
