"""The pivot under /api/v1/pivot/ — the same selector as the page and `cnscd pivot`."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cnscd.indicators import views
from cnscd.indicators.selectors import pivot


class PivotSerializer(serializers.Serializer[Any]):
    unit_code = serializers.CharField()
    period = serializers.CharField()
    columns = serializers.ListField(child=serializers.DictField())
    rows = serializers.ListField(child=serializers.DictField())
    total = serializers.DictField()


class PivotView(APIView):
    """Child units × indicators of a form for a period; `total` is the sum of the rows."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.INT, required=True),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                required=True,
                description="2023S1, 2023Q2, 202306…",
            ),
            OpenApiParameter(
                "form",
                OpenApiTypes.STR,
                description="Mã biểu (mặc định pl-cnscd-huyen)",
            ),
        ],
        responses=PivotSerializer,
    )
    def get(self, request: Request) -> Response:
        raw = request._request
        unit = views._unit(raw)
        table = pivot(
            actor=request.user,
            unit=unit,
            period=views._period(raw),
            form=views._form(raw),
        )
        return Response(table.as_dict())
