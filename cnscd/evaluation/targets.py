"""Writing targets: one unit's target, or a total split among the children
(equally, by villages, by households or population, by a share), each checked
against the indicator's bounds and the actor's right to assign."""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cnscd.core import audit
from cnscd.core.concurrency import update_versioned
from cnscd.core.formatting import format_number
from cnscd.core.numbers import NumberError, check_figure
from cnscd.core.periods import Period, parse_period
from cnscd.core.system import Actor, user_row
from cnscd.evaluation.choices import TargetMethod
from cnscd.evaluation.models import (
    Target,
)
from cnscd.evaluation.services import can_assign
from cnscd.indicators.choices import ValueType
from cnscd.indicators.models import Indicator
from cnscd.indicators.selectors import structure_day, values_for_units
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage


def _check_value(value: Decimal, indicator: Indicator, label: str) -> None:
    """Finite, not negative, within the indicator's maximum, whatever the form
    or the API did."""
    try:
        check_figure(value, indicator.maximum, raw=str(value)[:20])
    except NumberError as exc:
        raise ValidationError(f"{label}: {exc}") from exc


@transaction.atomic
def target_set(
    *,
    actor: Actor,
    unit: AdministrativeUnit,
    indicator: Indicator,
    period: Period,
    value: Decimal,
    version: int | None = None,
) -> Target:
    """Set one unit's target by hand. Changing a share a rule gave marks it as
    overridden, so running the rule again keeps it. With `version`, a target
    changed since the form was opened is refused (StaleVersion)."""
    if not can_assign(actor, unit):
        raise PermissionDenied(
            "Chỉ cán bộ cấp trên mới giao được chỉ tiêu cho đơn vị này."
        )
    _check_value(value, indicator, "Chỉ tiêu")
    existing = Target.objects.filter(
        unit=unit, indicator=indicator, period=period.code
    ).first()
    if existing is None:
        target = Target.objects.create(
            unit=unit,
            indicator=indicator,
            period=period.code,
            value=value,
            method=TargetMethod.MANUAL,
            assigned_by=user_row(actor),
        )
        before = None
    else:
        before = str(existing.value)
        update_versioned(
            existing,
            existing.version if version is None else version,
            value=value,
            overridden=existing.method != TargetMethod.MANUAL,
            assigned_by=user_row(actor),
            updated_at=timezone.now(),
        )
        target = existing
    audit.record(
        actor=actor,
        action="target.set",
        obj=target,
        unit_path=unit.path,
        before={"value": before} if before is not None else None,
        after={"value": str(value), "indicator": indicator.code, "period": period.code},
    )
    return target


@dataclass
class Distribution:
    shares: list[tuple[AdministrativeUnit, Decimal, bool]]  # unit, value, kept
    total: Decimal


def _weights(
    method: str,
    parent: AdministrativeUnit,
    children: list[AdministrativeUnit],
    period: Period,
) -> dict[int, Decimal]:
    if method == TargetMethod.EQUAL:
        return {c.pk: Decimal(1) for c in children}
    if method == TargetMethod.VILLAGES:
        # One query: the villages under the parent, counted per child by path.
        parent_path = parent.path
        weights = {c.pk: Decimal(0) for c in children}
        by_path = {c.path: c.pk for c in children}
        for path in (
            AdministrativeUnit.objects.subtree_of(parent_path)
            .filter(level=Level.VILLAGE)
            .valid_on(structure_day(parent, period))
            .values_list("path", flat=True)
        ):
            child = path[: path.index("/", len(parent_path)) + 1]
            if child in by_path:
                weights[by_path[child]] += 1
        return weights
    code = "population" if method == TargetMethod.POPULATION else "households"
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise ValidationError(f"Danh mục chưa có chỉ tiêu “{code}”.")
    # The latest figure known by the period's end (a stock).
    upto = parse_period(f"200001-{period.last_month}")
    values = values_for_units(children, [indicator], upto)
    missing = [c.name for c in children if not values[(c.pk, indicator.pk)]]
    if missing:
        raise ValidationError(
            f"Chưa có {indicator.name.lower()} của: {', '.join(missing[:10])}"
            + (" …" if len(missing) > 10 else "")
            + ". Hãy nhập số liệu này trước hoặc chọn cách chia khác."
        )
    return {c.pk: values[(c.pk, indicator.pk)] or Decimal(0) for c in children}


def split(
    total: Decimal, weights: dict[int, Decimal], *, integer: bool
) -> dict[int, Decimal]:
    """Shares of `total` proportional to `weights`, adding up exactly to `total`
    (largest remainders for whole numbers; 2 decimals otherwise)."""
    weight_sum = sum(weights.values(), Decimal(0))
    if not weights:
        return {}
    if weight_sum <= 0:
        raise ValidationError("Không chia được: tổng trọng số bằng 0.")
    step = Decimal(1) if integer else Decimal("0.01")
    exact = {k: total * w / weight_sum for k, w in weights.items()}
    floor = {k: v.quantize(step, rounding=ROUND_FLOOR) for k, v in exact.items()}
    left = int((total - sum(floor.values(), Decimal(0))) / step)
    for k in sorted(exact, key=lambda k: (floor[k] - exact[k], k))[:left]:
        floor[k] += step
    return floor


@transaction.atomic
def targets_distribute(
    *,
    actor: Actor,
    parent: AdministrativeUnit,
    indicator: Indicator,
    period: Period,
    total: Decimal,
    method: str,
    dry_run: bool = False,
) -> Distribution:
    """Split `total` among the parent's children by a rule. Shares changed by
    hand earlier are kept and the rest is split among the others."""
    if not can_manage(actor, parent):
        raise PermissionDenied("Bạn không giao được chỉ tiêu cho các đơn vị này.")
    if method not in TargetMethod.values or method == TargetMethod.MANUAL:
        raise ValidationError("Cách chia không hợp lệ.")
    _check_value(total, indicator, "Tổng chỉ tiêu")
    children = list(
        AdministrativeUnit.objects.filter(parent=parent)
        .valid_on(structure_day(parent, period))
        .order_by("code")
    )
    if not children:
        raise ValidationError("Đơn vị này không có đơn vị cấp dưới để giao chỉ tiêu.")
    existing = {
        t.unit_id: t
        for t in Target.objects.filter(
            unit__in=children, indicator=indicator, period=period.code
        )
    }
    kept = {pk: t.value for pk, t in existing.items() if t.overridden}
    rest = total - sum(kept.values(), Decimal(0))
    if rest < 0:
        raise ValidationError(
            f"Các chỉ tiêu đã sửa tay cộng lại {format_number(total - rest)}, "
            f"vượt tổng {format_number(total)}."
        )
    free = [c for c in children if c.pk not in kept]
    shares = split(
        rest,
        _weights(method, parent, free, period) if free else {},
        integer=indicator.value_type == ValueType.INTEGER,
    )
    result = Distribution(
        [
            (c, kept.get(c.pk, shares.get(c.pk, Decimal(0))), c.pk in kept)
            for c in children
        ],
        total,
    )
    if dry_run:
        return result
    for child, value, was_kept in result.shares:
        if was_kept:
            continue
        old = existing.get(child.pk)
        if old is None:
            Target.objects.create(
                unit=child,
                indicator=indicator,
                period=period.code,
                value=value,
                method=method,
                assigned_by=user_row(actor),
            )
        else:
            Target.objects.filter(pk=old.pk).update(
                value=value,
                method=method,
                overridden=False,
                assigned_by=user_row(actor),
                version=old.version + 1,
                updated_at=timezone.now(),
            )
    audit.record(
        actor=actor,
        action="target.distribute",
        obj=parent,
        unit_path=parent.path,
        after={
            "indicator": indicator.code,
            "period": period.code,
            "total": str(total),
            "method": method,
            "kept": len(kept),
        },
    )
    return result
