from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100, SECURITY I4)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Trang không hợp lệ."
