"""API conventions: JSON 404s under /api/, only our endpoints in the schema, ``page_size`` honoured."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from rest_framework.request import Request

from egov.api.pagination import StandardPagination
from egov.api.schema import only_our_api
from factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_an_api_404_is_json(client):
    response = client.get("/api/v1/khong-co-duong-dan-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_a_page_404_stays_html(client):
    response = client.get("/mot-cua/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_lists_only_our_api(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = list(response.json()["paths"])
    assert paths and all(path.startswith("/api/v1/") for path in paths)
    assert only_our_api([("/quan-tri/cms/api/main/pages/", "", "GET", None)]) == []


def test_page_size_is_honoured_with_a_maximum():
    assert settings.REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] == "egov.api.pagination.StandardPagination"
    pagination = StandardPagination()
    factory = RequestFactory()
    assert pagination.get_page_size(Request(factory.get("/api/v1/x/", {"page_size": "5"}))) == 5
    assert pagination.get_page_size(Request(factory.get("/api/v1/x/", {"page_size": "100000"}))) == 200
    assert pagination.get_page_size(Request(factory.get("/api/v1/x/"))) == 50
