"""The API's default pagination: ``?page=2&page_size=100`` (at most ``max_page_size`` rows a page)."""

from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
