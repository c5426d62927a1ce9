"""Bodies, people, memberships, organisations and coverage under /api/v1/ —
the same selectors and services as the pages."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cnscd.accounts.models import Organisation
from cnscd.api.schema import (
    bool_parameter,
    choice_parameter,
    day_parameter,
    id_parameter,
    text_parameter,
)
from cnscd.api.versioning import PreconditionFailed, required_version
from cnscd.core.concurrency import StaleVersion
from cnscd.core.http import actor_of
from cnscd.core.params import (
    parse_bool_param,
    parse_choice_param,
    parse_date_param,
    parse_id_param,
    parse_text_param,
)
from cnscd.teams import coverage, people, selectors, services
from cnscd.teams import serializers as s
from cnscd.teams.choices import BodyKind, BodyStatus, Position
from cnscd.teams.models import Body, Membership, Person
from cnscd.units.selectors import unit_get_for

UNIT = id_parameter("unit", "Chỉ trong cây của đơn vị này")
ACTIVE_ON = day_parameter("active_on", "Còn hiệu lực vào ngày")
Q = text_parameter("q", "Tìm theo tên, không phân biệt dấu")


def _unit(request: Request) -> Any:
    raw = parse_text_param(request._request, "unit")
    return unit_get_for(actor=actor_of(request), pk=raw) if raw else None


def _organisation(pk: int | None) -> Organisation | None:
    """The organisation a seat comes from, by id; 400 if there is none."""
    if pk is None:
        return None
    found = selectors.organisation_get(pk)
    if found is None:
        raise ApiValidationError({"affiliation": ["Không có tổ chức với mã số này."]})
    return found


def _run(fn: Any, **kwargs: Any) -> Any:
    """Call a service. A stale version becomes 412; ValidationError (400) and
    PermissionDenied (403, the object being visible) pass through."""
    try:
        return fn(**kwargs)
    except StaleVersion as exc:
        raise PreconditionFailed from exc


class BodyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Body]
):
    """Steering committees and community teams in the caller's scope."""

    serializer_class = s.BodySerializer
    queryset = Body.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self) -> Any:
        request: Request = self.request
        if self.action != "list":
            return selectors.bodies_visible_to(actor_of(request))
        params = request._request
        return selectors.body_list(
            actor=actor_of(request),
            unit=_unit(request),
            kind=parse_choice_param(params, "kind", BodyKind.values),
            status=parse_choice_param(params, "status", BodyStatus.values),
            active_on=parse_date_param(params, "active_on"),
            q=parse_text_param(params, "q"),
        )

    def get_object(self) -> Body:
        return selectors.body_get_for(
            actor=actor_of(self.request), pk=self.kwargs["pk"]
        )

    @extend_schema(
        parameters=[
            UNIT,
            ACTIVE_ON,
            Q,
            choice_parameter("kind", BodyKind.values, "Loại"),
            choice_parameter("status", BodyStatus.values, "Tình trạng"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.BodyCreateSerializer, responses={201: s.BodySerializer})
    def create(self, request: Request) -> Response:
        data = s.BodyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        unit = unit_get_for(actor=actor_of(request), pk=fields.pop("unit"))
        body = _run(services.body_create, actor=request.user, unit=unit, **fields)
        return Response(s.BodySerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.BodyUpdateSerializer, responses=s.BodySerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        body = self.get_object()
        data = s.BodyUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = required_version(request, fields)
        fields.pop("version", None)
        _run(
            services.body_update,
            actor=request.user,
            body=body,
            version=version,
            **fields,
        )
        return Response(s.BodySerializer(body).data)

    @extend_schema(
        responses=s.MembershipSerializer(many=True),
        parameters=[bool_parameter("history", "Cả những người đã thôi")],
    )
    @action(detail=True, methods=["get"])
    def members(self, request: Request, pk: str | None = None) -> Response:
        body = self.get_object()
        qs = selectors.body_members(
            actor=actor_of(request),
            body=body,
            include_past=parse_bool_param(request._request, "history"),
        )
        page: Any = self.paginate_queryset(qs)  # type: ignore[arg-type]
        return self.get_paginated_response(s.MembershipSerializer(page, many=True).data)

    @extend_schema(methods=["GET"], responses=s.DecisionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.DecisionCreateSerializer,
        responses={201: s.DecisionSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        body = self.get_object()
        if request.method == "GET":
            return Response(
                s.DecisionSerializer(selectors.body_decisions(body), many=True).data
            )
        data = s.DecisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = _run(
            services.decision_add, actor=request.user, body=body, **data.validated_data
        )
        return Response(
            s.DecisionSerializer(decision).data, status=status.HTTP_201_CREATED
        )


class PersonViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Person]
):
    """People with a membership the caller may see."""

    serializer_class = s.PersonSerializer
    queryset = (
        Person.objects.none()
    )  # for the schema; get_queryset scopes every request

    def get_queryset(self) -> Any:
        qs = selectors.people_visible_to(actor_of(self.request)).order_by(
            "search_key", "pk"
        )
        q = parse_text_param(self.request._request, "q")
        if q:
            from cnscd.core.text import search_key

            qs = qs.filter(search_key__contains=search_key(q))
        return qs

    def get_object(self) -> Person:
        return selectors.person_get_for(
            actor=actor_of(self.request), pk=self.kwargs["pk"]
        )

    @extend_schema(parameters=[Q])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.PersonUpdateSerializer, responses=s.PersonSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = s.PersonUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = required_version(request, fields)
        fields.pop("version", None)
        _run(
            people.person_update,
            actor=request.user,
            person=person,
            version=version,
            **fields,
        )
        return Response(s.PersonSerializer(person).data)


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Membership],
):
    """Seats held in bodies: filter by unit subtree, position, affiliation, date."""

    serializer_class = s.MembershipSerializer
    queryset = (
        Membership.objects.none()
    )  # for the schema; get_queryset scopes every request

    def get_queryset(self) -> Any:
        request: Request = self.request
        params = request._request
        return (
            selectors.member_list(
                actor=actor_of(request),
                unit=_unit(request),
                position=parse_choice_param(params, "position", Position.values),
                affiliation=parse_id_param(params, "affiliation"),
                active_on=parse_date_param(params, "active_on"),
                kind=parse_choice_param(params, "kind", BodyKind.values),
                q=parse_text_param(params, "q"),
            )
            if self.action == "list"
            else selectors.member_list(actor=actor_of(request))
        )

    def get_object(self) -> Membership:
        return selectors.membership_get_for(
            actor=actor_of(self.request), pk=self.kwargs["pk"]
        )

    @extend_schema(
        parameters=[
            UNIT,
            ACTIVE_ON,
            Q,
            choice_parameter("position", Position.values, "Chức danh"),
            id_parameter("affiliation", "Tổ chức cử người"),
            choice_parameter("kind", BodyKind.values, "Loại"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=s.MembershipCreateSerializer, responses={201: s.MembershipSerializer}
    )
    def create(self, request: Request) -> Response:
        data = s.MembershipCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        f = dict(data.validated_data)
        body = selectors.body_get_for(actor=actor_of(request), pk=f["body"])
        affiliation = _organisation(f["affiliation"])
        person_fields = {
            k: f[k]
            for k in ("full_name", "sex", "birth_year", "phone", "email", "zalo")
        }
        membership = _run(
            people.membership_add,
            actor=request.user,
            body=body,
            person_fields=person_fields,
            position=f["position"],
            custom_title=f["custom_title"],
            affiliation=affiliation,
            affiliation_text=f["affiliation_text"],
            started_on=f["started_on"],
        )
        return Response(
            s.MembershipSerializer(membership).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=s.MembershipUpdateSerializer, responses=s.MembershipSerializer
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        data = s.MembershipUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = required_version(request, changes)
        changes.pop("version", None)
        if "affiliation" in changes:
            changes["affiliation"] = _organisation(changes["affiliation"])
        _run(
            people.membership_update,
            actor=request.user,
            membership=membership,
            version=version,
            **changes,
        )
        return Response(s.MembershipSerializer(membership).data)

    @extend_schema(request=s.MembershipEndSerializer, responses=s.MembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        data = s.MembershipEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _run(
            people.membership_end,
            actor=request.user,
            membership=membership,
            on=data.validated_data["ended_on"],
        )
        return Response(s.MembershipSerializer(membership).data)


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Organisation],
):
    """The managed list of organisations members come from."""

    serializer_class = s.OrganisationSerializer
    queryset = Organisation.objects.filter(is_active=True).order_by("name")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.OrganisationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org = _run(
            services.organisation_create, actor=request.user, **data.validated_data
        )
        return Response(
            s.OrganisationSerializer(org).data, status=status.HTTP_201_CREATED
        )


class CoverageView(APIView):
    """The network under a unit on a date (default today)."""

    @extend_schema(
        parameters=[day_parameter("on", "Tại ngày (mặc định: hôm nay)")],
        responses=s.CoverageSerializer,
    )
    def get(self, request: Request, unit_id: int) -> Response:
        unit = unit_get_for(actor=actor_of(request), pk=unit_id)
        day = parse_date_param(request._request, "on") or timezone.localdate()
        data = coverage.unit_coverage(actor=actor_of(request), unit=unit, day=day)
        return Response(s.CoverageSerializer(data).data)
