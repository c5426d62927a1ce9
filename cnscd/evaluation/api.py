"""Scores, bands and ranks under /api/v1/evaluation/ (the same selector as the
page and `cnscd evaluate`), and target progress under /api/v1/targets/."""

from typing import Any

from django.core.exceptions import BadRequest
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cnscd.api.schema import id_parameter, period_parameter
from cnscd.core.http import actor_of
from cnscd.evaluation import progress, selectors, views

UNIT = id_parameter("unit", "Đơn vị", required=True)
PERIOD = period_parameter(description="Kỳ (mặc định: 6 tháng hiện tại)")


class EvaluationSerializer(serializers.Serializer[Any]):
    unit_code = serializers.CharField()
    period = serializers.CharField()
    criteria_set = serializers.DictField()
    units = serializers.ListField(child=serializers.DictField())


class EvaluationView(APIView):
    """The unit's children with score, band, rank and the explanation of every point."""

    @extend_schema(
        parameters=[
            UNIT,
            PERIOD,
            id_parameter("set", "Bộ tiêu chí (mặc định: bộ đang áp dụng cho kỳ)"),
        ],
        responses=EvaluationSerializer,
    )
    def get(self, request: Request) -> Response:
        raw = request._request
        period = views._period(raw)
        unit = views._unit(raw)
        try:
            cset = views._criteria_set(raw, period, selectors.subject_below(unit))
        except BadRequest as exc:
            # No set in force for the period: there is no evaluation to show.
            raise NotFound(str(exc)) from exc
        table = selectors.evaluation_table(
            actor=actor_of(request), unit=unit, period=period, cset=cset
        )
        return Response(table.as_dict())


class ProgressSerializer(serializers.Serializer[Any]):
    unit_code = serializers.CharField()
    indicator = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    achieved = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    expected_now = serializers.FloatField(allow_null=True)
    projection = serializers.FloatField(allow_null=True)


class TargetProgressView(APIView):
    """Targets of the unit and its children with progress, most behind first."""

    @extend_schema(parameters=[UNIT, PERIOD], responses=ProgressSerializer(many=True))
    def get(self, request: Request) -> Response:
        raw = request._request
        rows = progress.target_progress(
            actor=actor_of(request), unit=views._unit(raw), period=views._period(raw)
        )

        def num(v: Any) -> float | None:
            return None if v is None else float(v)

        return Response(
            [
                {
                    "unit_code": p.unit.code,
                    "indicator": p.indicator.code,
                    "target": num(p.target.value) if p.target else None,
                    "achieved": num(p.achieved),
                    "percent": p.percent,
                    "expected_now": num(p.expected_now),
                    "projection": num(p.projection),
                }
                for p in rows
            ]
        )
