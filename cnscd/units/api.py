"""Units under /api/v1/units/, scoped exactly like the pages."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cnscd.api.schema import (
    choice_parameter,
    day_parameter,
    id_parameter,
    text_parameter,
)
from cnscd.core.http import actor_of
from cnscd.core.params import (
    parse_choice_param,
    parse_date_param,
    parse_id_param,
    parse_text_param,
)
from cnscd.core.text import search_key
from cnscd.units import selectors
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit
from cnscd.units.serializers import UnitSerializer, UnitWithCountsSerializer

AS_OF = day_parameter("as_of", "Cơ cấu tại ngày")
LIST_PARAMETERS = [
    id_parameter("parent", "Chỉ các đơn vị con trực tiếp của đơn vị này"),
    choice_parameter("level", Level.values, "Cấp đơn vị"),
    AS_OF,
    text_parameter("q", "Tìm theo tên, không phân biệt dấu"),
]


class UnitViewSet(viewsets.ReadOnlyModelViewSet[AdministrativeUnit]):
    """Administrative units the caller may see."""

    serializer_class = UnitSerializer

    def get_queryset(self) -> Any:
        request: Request = self.request
        qs = selectors.units_visible_to(actor_of(request)).order_by("path")
        if self.action != "list":
            return qs
        params = request._request
        as_of = parse_date_param(params, "as_of")
        level = parse_choice_param(params, "level", Level.values)
        parent = parse_id_param(params, "parent")
        q = parse_text_param(params, "q")
        if as_of:
            qs = qs.valid_on(as_of)
        if level:
            qs = qs.filter(level=level)
        if parent:
            qs = qs.filter(parent_id=parent)
        if q:
            qs = qs.filter(search_key__contains=search_key(q))
        return qs

    def get_object(self) -> AdministrativeUnit:
        return selectors.unit_get_for(
            actor=actor_of(self.request), pk=self.kwargs["pk"]
        )

    @extend_schema(parameters=LIST_PARAMETERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[AS_OF], responses=UnitWithCountsSerializer(many=True))
    @action(detail=True, methods=["get"])
    def children(self, request: Request, pk: str | None = None) -> Response:
        """Direct children in force on `as_of`, with their own counts."""
        unit = self.get_object()
        as_of = parse_date_param(request._request, "as_of") or selectors.default_as_of(
            actor_of(request)
        )
        if not unit.is_valid_on(as_of):
            as_of = unit.valid_until or unit.valid_from or as_of
        children = selectors.unit_children(
            actor=actor_of(request), unit=unit, as_of=as_of
        )
        page = self.paginate_queryset(children)
        serializer = UnitWithCountsSerializer(page, many=True)
        return self.get_paginated_response(serializer.data)
