"""Template filters for Vietnamese numbers and dates (built in to every template)."""

import datetime as dt

from django import template
from django.utils import timezone

from cnscd.core import formatting

register = template.Library()


@register.filter
def so(value: formatting.Number | None) -> str:
    """{{ 316105|so }} → 316.105; {{ 8.75|so }} → 8,75 (up to two decimals)."""
    return formatting.format_decimal(value)


@register.filter
def phantram(value: formatting.Number | None) -> str:
    """{{ 89.5|phantram }} → 89,5%."""
    return formatting.format_percent(value)


@register.filter
def ngay(value: dt.date | dt.datetime | None) -> str:
    """{{ d|ngay }} → 08/8/2023 (a moment on its day in Vietnam)."""
    if isinstance(value, dt.datetime):
        value = (
            timezone.localtime(value) if timezone.is_aware(value) else value
        ).date()
    return formatting.format_date(value)


@register.filter
def phone(value: str | None) -> str:
    """{{ "0912345678"|phone }} → 0912 345 678."""
    from cnscd.core.phones import format_phone

    return format_phone(value or "")


@register.filter
def get_item(mapping: dict[object, object] | None, key: object) -> object:
    """{{ row.values|get_item:code }}."""
    return (mapping or {}).get(key)
