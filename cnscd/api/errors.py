"""API errors in Vietnamese, with the usual DRF shape ({"detail": …})."""

from typing import Any

from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: "Chưa đăng nhập hoặc thiếu mã truy cập (token).",
    exceptions.AuthenticationFailed: "Thông tin xác thực không hợp lệ.",
    exceptions.NotFound: "Không tìm thấy.",
    exceptions.MethodNotAllowed: "Phương thức không được hỗ trợ.",
    exceptions.Throttled: "Quá nhiều yêu cầu; hãy thử lại sau.",
    exceptions.UnsupportedMediaType: "Kiểu nội dung không được hỗ trợ.",
    exceptions.ParseError: "Dữ liệu gửi lên không đọc được.",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, BadRequest):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # `ValidationError("…")` without a field: keep the documented shape.
        response.data = {"detail": response.data}
    if response is not None:
        for kind, message in MESSAGES.items():
            # Replace DRF's English defaults; keep our own Vietnamese details.
            default = getattr(kind, "default_detail", None)
            if isinstance(exc, kind) and str(getattr(exc, "detail", "")) == str(
                default
            ):
                response.data = {"detail": message}
                break
        if isinstance(exc, exceptions.PermissionDenied) and "detail" in response.data:
            detail = str(response.data["detail"])
            if detail.startswith("You do not have permission"):
                response.data = {"detail": "Bạn không có quyền thực hiện thao tác này."}
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler404`: an address under /api/ that matches no route (an id that
    cannot be one, a misspelt path) answers like the API's own 404s."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": MESSAGES[exceptions.NotFound]}, status=404)
    return defaults.page_not_found(request, exception)
