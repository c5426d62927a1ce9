"""Report files under /api/v1/reports/: request one (made at once, or by the
worker for a large scope), follow its progress, download it."""

from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cnscd.api.schema import PERIOD_PATTERN, id_parameter, period_parameter
from cnscd.api.serializers import StrictSerializer
from cnscd.core.http import actor_of
from cnscd.core.params import MAX_ID
from cnscd.core.periods import PeriodError, parse_period
from cnscd.core.roles import NON_PARTNER_ROLES
from cnscd.reports import selectors, services, views
from cnscd.reports.choices import FileFormat, JobStatus
from cnscd.reports.models import GeneratedReport
from cnscd.units.selectors import unit_get_for


class FileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    unit_code = serializers.CharField()
    period = serializers.CharField()
    format = serializers.ChoiceField(choices=FileFormat.choices)
    status = serializers.ChoiceField(choices=JobStatus.choices)
    progress = serializers.IntegerField()
    step = serializers.CharField()
    error = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    requested_by = serializers.CharField(allow_null=True)
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download = serializers.CharField(allow_null=True)


class GenerationSerializer(StrictSerializer):
    """A report file to make: unit, period and format."""

    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    period = serializers.RegexField(
        PERIOD_PATTERN,
        error_messages={
            "invalid": "Kỳ báo cáo không hợp lệ: dùng 2023, 2023S1, 2023Q2, 202306 "
            "hoặc 2023W27, trong các năm 2000–2100."
        },
    )
    format = serializers.ChoiceField(choices=FileFormat.choices)


def as_dict(row: GeneratedReport) -> dict[str, Any]:
    return {
        "id": row.pk,
        "unit_code": row.document.unit.code,
        "period": row.document.period,
        "format": row.format,
        "status": row.status,
        "progress": row.progress,
        "step": row.step,
        "error": row.error,
        "size": row.size,
        "sha256": row.sha256,
        "requested_by": row.requested_by.get_username() if row.requested_by else None,
        "requested_at": row.requested_at,
        "finished_at": row.finished_at,
        "download": (
            reverse("api:report_download", args=[row.pk])
            if row.status == JobStatus.DONE
            else None
        ),
    }


class ReportListView(APIView):
    """Files generated for a unit and period (newest first), or a new one."""

    @extend_schema(
        parameters=[
            id_parameter("unit", "Đơn vị", required=True),
            period_parameter(description="Kỳ (mặc định: 6 tháng hiện tại)"),
        ],
        responses=FileSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        unit, period = views._target(request._request)
        rows = selectors.files_visible_to(actor_of(request)).filter(
            document__unit=unit, document__period=period.code
        )[:100]
        return Response([as_dict(r) for r in rows])

    @extend_schema(
        request=GenerationSerializer,
        responses={201: FileSerializer, 202: FileSerializer},
    )
    def post(self, request: Request) -> Response:
        data = GenerationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = unit_get_for(
            actor=actor_of(request),
            pk=data.validated_data["unit"],
            roles=NON_PARTNER_ROLES,
        )
        try:
            period = parse_period(data.validated_data["period"])
        except PeriodError as exc:
            raise ApiValidationError({"period": [str(exc)]}) from exc
        try:
            row = services.generation_request(
                actor=actor_of(request),
                unit=unit,
                period=period,
                fmt=data.validated_data["format"],
            )
        except PermissionDenied as exc:
            raise NotFound from exc
        except (ValidationError, BadRequest) as exc:
            raise ApiValidationError(str(exc)) from exc
        row.refresh_from_db()
        done = row.status in (JobStatus.DONE, JobStatus.FAILED)
        return Response(
            as_dict(row),
            status=status.HTTP_201_CREATED if done else status.HTTP_202_ACCEPTED,
        )


class ReportDetailView(APIView):
    @extend_schema(responses=FileSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(as_dict(selectors.file_get_for(actor=actor_of(request), pk=pk)))


class ReportDownloadView(APIView):
    """The file itself (Word, Excel or PDF, as it was requested)."""

    @extend_schema(
        responses={
            (200, media_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="Tệp báo cáo (tải về)"
            )
            for media_type in views.CONTENT_TYPES.values()
        }
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        try:
            return views.download_response(actor_of(request), pk)
        except Http404 as exc:
            raise NotFound from exc
