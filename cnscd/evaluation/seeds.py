"""Seeding criteria sets and classifications from migrations (with the
historical models the migration passes in)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from cnscd.evaluation.scoring import parse_rule

# (number, name, max points, rule text, evidence, sources, verifier)
CriterionRow = tuple[str, str, int, str, str, str, str]
# (number, name, max points, criteria)
GroupRow = tuple[str, str, int, list[CriterionRow]]
# (name, [{"ref", "op", "value"}]); an empty list always holds
BandRow = tuple[str, list[dict[str, str]]]


def create_set(
    apps: Any, *, groups: list[GroupRow], valid_from: dt.date, **fields: Any
) -> Any:
    """A criteria set (version 1, a local draft) with its groups and criteria."""
    CriteriaSet = apps.get_model("evaluation", "CriteriaSet")
    CriteriaGroup = apps.get_model("evaluation", "CriteriaGroup")
    Criterion = apps.get_model("evaluation", "Criterion")
    cset = CriteriaSet.objects.create(
        version=1, valid_from=valid_from, is_local_draft=True, **fields
    )
    for g_order, (number, name, points, criteria) in enumerate(groups, start=1):
        group = CriteriaGroup.objects.create(
            criteria_set=cset,
            order=g_order,
            number=number,
            name=name,
            max_points=points,
        )
        for c_order, (
            cnum,
            cname,
            cmax,
            rule_text,
            evidence,
            sources,
            verifier,
        ) in enumerate(criteria, start=1):
            rule = parse_rule(rule_text, Decimal(cmax))
            Criterion.objects.create(
                group=group,
                order=c_order,
                number=cnum,
                name=cname,
                max_points=cmax,
                method=rule.method.value,
                rule_text=rule_text,
                params=rule.params(),
                sources=sources,
                evidence=evidence,
                verifier=verifier,
            )
    return cset


def create_bands(apps: Any, *, bands: list[BandRow], **fields: Any) -> Any:
    """A default classification: ordered bands, the first that holds wins."""
    BandSet = apps.get_model("evaluation", "BandSet")
    Band = apps.get_model("evaluation", "Band")
    band_set = BandSet.objects.create(is_default=True, **fields)
    for order, (name, conditions) in enumerate(bands, start=1):
        Band.objects.create(
            band_set=band_set, order=order, name=name, conditions=conditions
        )
    return band_set
