"""API answers to malformed requests (issue 14 item 8): never a 500, always JSON with a Vietnamese "detail"."""

import pytest

from egov.accounts.models import Role
from factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(client):
    client.raise_request_exception = False
    client.force_login(StaffUserFactory(roles=[Role.SPECIALIST, Role.CLERK]))
    return client


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/api/v1/dossiers/false/actions/"),
        ("post", "/api/v1/dossiers/false/actions/"),
        ("post", "/api/v1/documents/incoming/false/assign/"),
        ("post", "/api/v1/documents/incoming/1.5/done/"),
        ("get", "/api/v1/documents/outgoing/-1/"),
    ],
)
def test_a_non_numeric_id_is_a_404_not_a_500(official, method, url):
    response = getattr(official, method)(url, {}, content_type="application/json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/public/dossiers/a%00b",
        "/api/v1/public/procedures/1.0%00/",
        "/api/v1/dossiers/?search=x%00y",
        "/thu-tuc/?q=%00",
    ],
)
def test_a_nul_character_in_the_address_is_a_400_on_every_database(official, url):
    response = official.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json() == {"detail": "Địa chỉ yêu cầu chứa ký tự không hợp lệ."}


def test_every_400_has_a_detail(official):
    response = official.get("/api/v1/dossiers/", {"received_from": "2026-05-10", "received_to": "2026-05-01"})
    assert response.status_code == 400 and response.json()["detail"] == "Dữ liệu gửi lên chưa hợp lệ."
    response = official.post("/api/v1/documents/incoming/", {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] and response.json()["errors"]
    response = official.post("/api/v1/signatures/verify/", {})
    assert response.status_code == 400 and response.json()["detail"] and "file" in response.json()["errors"]


def test_the_schema_is_the_api_only_with_outcome_blank_and_actions_a_list(official):
    schema = official.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    outcome = schema["components"]["schemas"]["DossierList"]["properties"]["outcome"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in outcome["oneOf"]
    actions = schema["paths"]["/api/v1/dossiers/{id}/actions/"]["get"]["responses"]["200"]
    assert actions["content"]["application/json"]["schema"]["type"] == "array"
    refused = schema["paths"]["/api/v1/dossiers/{id}/actions/"]["post"]["responses"]["400"]
    assert refused["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
