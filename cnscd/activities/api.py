"""The activity log under /api/v1/activities/ (a form on a phone, a Zalo mini
app): the same selectors and services as the pages."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from cnscd.activities import selectors, services
from cnscd.activities.choices import ActivityKind
from cnscd.activities.models import MAX_PEOPLE, Activity
from cnscd.api.schema import id_parameter, period_parameter
from cnscd.api.serializers import StrictSerializer
from cnscd.core.http import actor_of
from cnscd.core.params import parse_period_param, parse_text_param


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "body",
            "unit",
            "held_on",
            "kind",
            "kind_label",
            "people_guided",
            "place",
            "note",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class ActivityCreateSerializer(StrictSerializer):
    body = serializers.IntegerField()
    held_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    people_guided = serializers.IntegerField(min_value=0, max_value=MAX_PEOPLE)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Activity]
):
    """Sessions logged by the community teams in the caller's scope."""

    serializer_class = ActivitySerializer
    queryset = Activity.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self) -> Any:
        request: Request = self.request
        qs = selectors.activities_visible_to(actor_of(request))
        if self.action != "list":
            return qs
        body = parse_text_param(request._request, "body")
        if body:
            qs = qs.filter(
                body=selectors.team_log_get_for(actor=actor_of(request), pk=body)
            )
        month = parse_text_param(request._request, "month")
        if month:
            period = parse_period_param(month)
            qs = qs.filter(held_on__gte=period.start, held_on__lte=period.end)
        return qs.order_by("-held_on", "-pk")

    def get_object(self) -> Activity:
        return selectors.activity_get_for(
            actor=actor_of(self.request), pk=self.kwargs["pk"]
        )

    @extend_schema(
        parameters=[
            id_parameter("body", "Chỉ của Tổ này"),
            period_parameter("month", "Tháng (202306) hoặc kỳ khác"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=ActivityCreateSerializer, responses={201: ActivitySerializer}
    )
    def create(self, request: Request) -> Response:
        data = ActivityCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        body = selectors.team_log_get_for(
            actor=actor_of(request), pk=fields.pop("body")
        )
        activity = services.activity_create(
            actor=actor_of(request), body=body, entry=services.Entry(**fields)
        )
        return Response(
            ActivitySerializer(activity).data, status=status.HTTP_201_CREATED
        )
