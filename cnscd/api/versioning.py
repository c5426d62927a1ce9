"""Preconditions for writes (SECURITY D3): a PATCH must say which version it
edits — `version` in the body or an `If-Match: "<version>"` header. Missing →
428; stale → 412 and nothing is written."""

from typing import Any

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from cnscd.core.params import parse_positive_int


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Thiếu phiên bản: gửi trường “version” hoặc tiêu đề If-Match."
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "Dữ liệu đã được người khác sửa sau khi bạn tải về; không có gì bị ghi đè. "
        "Hãy tải lại bản mới nhất."
    )
    default_code = "precondition_failed"


def required_version(request: Request, data: dict[str, Any]) -> int:
    """The version the client edits, from the body (a serializer checked it)
    or If-Match (a version number, else treated as missing)."""
    if data.get("version") is not None:
        return int(data["version"])
    header = request.headers.get("If-Match", "").strip().strip("W/").strip('"')
    version = parse_positive_int(header)
    if version is None:
        raise PreconditionRequired
    return version
