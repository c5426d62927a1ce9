"""The pivot under /api/v1/pivot/ — the same selector as the page and `cnscd pivot`."""

from typing import Any

from django.core.exceptions import BadRequest
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cnscd.api.schema import id_parameter, period_parameter, text_parameter
from cnscd.core.http import actor_of
from cnscd.indicators import views
from cnscd.indicators.selectors import pivot


class PivotSerializer(serializers.Serializer[Any]):
    unit_code = serializers.CharField()
    period = serializers.CharField()
    columns = serializers.ListField(child=serializers.DictField())
    rows = serializers.ListField(child=serializers.DictField())
    total = serializers.DictField()
    own = serializers.DictField(
        help_text="Số đơn vị tự báo cáo, nơi nó khác tổng các dòng: số này được dùng "
        "(ADR 0013)."
    )
    findings = serializers.ListField(
        child=serializers.CharField(),
        help_text="Nơi số riêng của một đơn vị khác tổng cấp dưới của nó.",
    )
    former = serializers.ListField(
        child=serializers.DictField(),
        help_text="Tỉnh theo cơ cấu 2025, kỳ trước 01/7/2025: các tỉnh cũ mà các dòng "
        "(đơn vị cấp huyện của chúng) thuộc về; tổng là số của tỉnh mới.",
    )


class PivotView(APIView):
    """Child units × indicators of a form for a period; `total` is the sum of the
    rows; a row's `below` is its children's sum where its own figure counts and
    differs, `own` the unit's own figure where it differs from `total`."""

    @extend_schema(
        parameters=[
            id_parameter("unit", "Đơn vị", required=True),
            period_parameter(description="Kỳ (mặc định: 6 tháng hiện tại)"),
            text_parameter("form", "Mã biểu (mặc định pl-cnscd-huyen)"),
        ],
        responses=PivotSerializer,
    )
    def get(self, request: Request) -> Response:
        raw = request._request
        unit = views._unit(raw)
        period = views._period(raw)
        try:
            form = views._form(raw)
        except BadRequest as exc:
            # A form code names a row, like an id: one that names none is 404.
            raise NotFound(str(exc)) from exc
        table = pivot(actor=actor_of(request), unit=unit, period=period, form=form)
        return Response(table.as_dict())
