from typing import Any

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from cnscd.api.schema import page_parameters
from cnscd.core.params import parse_page_number, parse_page_size


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100, SECURITY I4), read by
    `cnscd.core.params`: a malformed one answers 400, a page past the last 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Trang không hợp lệ."

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "").strip()
        return (
            parse_page_size(raw, maximum=self.max_page_size) if raw else self.page_size
        )

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> int:
        raw = request.query_params.get(self.page_query_param, "").strip()
        number = parse_page_number(raw) if raw else 1
        return paginator.num_pages if number == "last" else number

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return page_parameters(self.max_page_size)
