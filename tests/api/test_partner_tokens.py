"""Partner systems as API clients (issue 15 part 4): the OAuth2 client-credentials token endpoint, bearer
tokens on the dossier and document API, scopes, agency scoping, rotation, revocation, rate limits, call log."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.factories import DossierFactory
from egov.agencies.models import Agency
from egov.api import credentials
from egov.api.models import AccessToken, ApiCall, ClientSecret
from egov.api.scopes import DOCUMENTS_READ, DOSSIERS_READ, SIGNATURES_VERIFY
from egov.audit.models import AuditRecord, SecurityEvent
from egov.dossiers.transitions import Status
from factories import AdministrativeUnitFactory, AgencyFactory, StaffUserFactory

from .conftest import TOKEN_URL, basic, post_token
from .factories import PartnerFactory

pytestmark = pytest.mark.django_db
DOSSIERS = "/api/v1/dossiers/"


class Province:
    """A province with its Sở Tư pháp (and a department inside it) and a ward, each with dossiers."""

    def __init__(self):
        unit = AdministrativeUnitFactory()
        self.ubnd = AgencyFactory(name="UBND tỉnh", kind=Agency.Kind.PEOPLES_COMMITTEE, administrative_unit=unit)
        self.stp = AgencyFactory(name="Sở Tư pháp", parent=self.ubnd, administrative_unit=unit)
        self.stp_dept = AgencyFactory(
            name="Phòng Hành chính tư pháp", kind=Agency.Kind.DEPARTMENT, parent=self.stp, administrative_unit=unit
        )
        self.ward = AgencyFactory(
            name="UBND phường An Khánh", kind=Agency.Kind.PEOPLES_COMMITTEE, parent=self.ubnd, administrative_unit=unit
        )
        self.stp_dossier = DossierFactory(code="STP-1", receiving_agency=self.stp)
        self.stp_dept_dossier = DossierFactory(
            code="STP-2", receiving_agency=self.stp, current_unit=self.stp_dept, status=Status.IN_APPRAISAL
        )
        self.ward_dossier = DossierFactory(code="WARD-1", receiving_agency=self.ward)


@pytest.fixture
def province(db):
    return Province()


@pytest.fixture
def stp_partner(province):
    return PartnerFactory(code="phan-mem-tu-phap", name="Phần mềm ngành tư pháp", agencies=[province.stp])


# --- the token endpoint (RFC 6749 §4.4, §5) -----------------------------------------------------------------


def test_a_token_is_issued_and_used(stp_partner, token_for):
    response = token_for(stp_partner)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert set(body["scope"].split()) == {DOSSIERS_READ, DOCUMENTS_READ}
    assert response["Cache-Control"] == "no-store" and response["Pragma"] == "no-cache"
    token = AccessToken.objects.get()
    assert body["access_token"] not in (token.token_hash, "") and token.token_hash == credentials.digest(
        body["access_token"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Bearer " + body["access_token"])
    assert api.get(DOSSIERS).status_code == 200


def test_credentials_in_the_form_body_work_and_not_both_ways(stp_partner):
    form = {
        "grant_type": "client_credentials",
        "client_id": stp_partner.code,
        "client_secret": stp_partner.secret_value,
    }
    assert post_token(form).status_code == 200
    both = post_token(form, HTTP_AUTHORIZATION=basic(stp_partner.code, stp_partner.secret_value))
    assert both.status_code == 400 and both.json()["error"] == "invalid_request"


def test_a_wrong_secret_is_invalid_client_and_logged(stp_partner, token_for):
    response = token_for(stp_partner, secret="not-the-secret")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="egov"'
    body = response.json()
    assert body["error"] == "invalid_client" and body["detail"] == body["error_description"]
    assert not AccessToken.objects.exists()
    event = SecurityEvent.objects.get(event="api.client_failed")
    assert event.username == stp_partner.code
    unknown = post_token({"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=basic("x", "y"))
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"


def test_grant_type_and_scope_errors(stp_partner, token_for):
    assert token_for(stp_partner, grant_type="password").json()["error"] == "unsupported_grant_type"
    missing = post_token({}, HTTP_AUTHORIZATION=basic(stp_partner.code, stp_partner.secret_value))
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    refused = token_for(stp_partner, scope=f"{DOSSIERS_READ} {SIGNATURES_VERIFY}")
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope"
    assert SIGNATURES_VERIFY in refused.json()["error_description"]
    narrowed = token_for(stp_partner, scope=DOSSIERS_READ)
    assert narrowed.status_code == 200 and narrowed.json()["scope"] == DOSSIERS_READ


# --- bearer tokens on the API -------------------------------------------------------------------------------


def test_an_expired_token_is_refused_with_a_bearer_challenge(stp_partner, bearer):
    api = bearer(stp_partner)
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.get(DOSSIERS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="egov", error="invalid_token"'
    assert "hết hạn" in response.json()["detail"]


def test_an_unknown_token_is_401_and_no_token_is_still_403(province):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Bearer made-up")
    assert api.get(DOSSIERS).status_code == 401
    assert APIClient().get(DOSSIERS).status_code == 403  # unchanged for callers without a token


def test_revoking_the_partner_refuses_its_tokens_at_once(stp_partner, bearer):
    api = bearer(stp_partner)
    assert api.get(DOSSIERS).status_code == 200
    credentials.set_active(stp_partner, False, actor=None)
    assert api.get(DOSSIERS).status_code == 401
    assert AuditRecord.objects.filter(action="partner.revoked", object_id=str(stp_partner.pk)).exists()
    credentials.set_active(stp_partner, True, actor=None)
    assert api.get(DOSSIERS).status_code == 200


def test_rotation_two_secrets_work_then_the_old_one_is_revoked(stp_partner, bearer, token_for):
    old_value = stp_partner.secret_value
    old_api = bearer(stp_partner)
    new = credentials.add_secret(stp_partner, actor=None)
    assert ClientSecret.objects.filter(partner=stp_partner, revoked_at__isnull=True).count() == 2
    new_api = bearer(stp_partner, secret=new.value)
    assert old_api.get(DOSSIERS).status_code == 200 and new_api.get(DOSSIERS).status_code == 200
    credentials.revoke_secret(ClientSecret.objects.get(secret_hash=credentials.digest(old_value)), actor=None)
    assert old_api.get(DOSSIERS).status_code == 401  # tokens of the old secret die with it
    assert token_for(stp_partner, secret=old_value).status_code == 401
    assert new_api.get(DOSSIERS).status_code == 200


def test_a_scope_the_token_lacks_is_403(province, stp_partner, bearer):
    api = bearer(stp_partner, scope=DOCUMENTS_READ)
    response = api.get(DOSSIERS)
    assert response.status_code == 403 and response.json()["detail"] == "Mã truy cập không có phạm vi dossiers:read."
    assert api.get("/api/v1/documents/incoming/").status_code == 200
    # a scope taken from the partner is gone from its live tokens at once
    full = bearer(stp_partner)
    credentials.update_partner(stp_partner, actor=None, scopes=[DOCUMENTS_READ])
    assert full.get(DOSSIERS).status_code == 403


def test_writes_stay_closed_to_partner_tokens(province, stp_partner, bearer):
    api = bearer(stp_partner)
    response = api.post(f"{DOSSIERS}{province.stp_dossier.pk}/actions/", {"action": "assign"}, format="json")
    assert response.status_code == 403
    assert api.post("/api/v1/documents/incoming/", {}, format="json").status_code == 403
    assert api.get(f"{DOSSIERS}{province.stp_dossier.pk}/actions/").json() == []  # no role, no action
    assert api.get("/quan-tri/he-thong-doi-tac/").status_code in (302, 403)  # no staff page either


# --- agency scoping -----------------------------------------------------------------------------------------


def test_a_partner_of_the_so_tu_phap_cannot_read_a_wards_dossiers(province, stp_partner, bearer):
    api = bearer(stp_partner)
    codes = {d["code"] for d in api.get(DOSSIERS).json()["results"]}
    assert codes == {"STP-1", "STP-2"}  # its agency and the department inside it, not the ward
    assert api.get(f"{DOSSIERS}{province.stp_dept_dossier.pk}/").status_code == 200
    assert api.get(f"{DOSSIERS}{province.ward_dossier.pk}/").status_code == 404
    assert api.get(f"{DOSSIERS}{province.ward_dossier.pk}/actions/").status_code == 404


def test_a_partner_without_agencies_sees_nothing(province, bearer):
    api = bearer(PartnerFactory())
    assert api.get(DOSSIERS).json()["count"] == 0


def test_staff_sessions_work_as_before(province):
    officer = StaffUserFactory(official__agency=province.ward, roles=["onestop_officer"])
    api = APIClient()
    api.force_login(officer)
    assert {d["code"] for d in api.get(DOSSIERS).json()["results"]} == {"WARD-1"}
    assert not ApiCall.objects.exists()  # staff calls are not partner calls


# --- rate limit and call log --------------------------------------------------------------------------------


def test_the_rate_limit_is_per_partner_with_retry_after(province, stp_partner, bearer, settings):
    settings.API_PARTNER_RATE = "100/min"
    stp_partner.rate_limit = "2/min"
    stp_partner.save()
    api, other = bearer(stp_partner), bearer(PartnerFactory(agencies=[province.ward]))
    assert [api.get(DOSSIERS).status_code for _ in range(3)] == [200, 200, 429]
    response = api.get(DOSSIERS)
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Quá nhiều yêu cầu. Vui lòng thử lại sau ")
    assert other.get(DOSSIERS).status_code == 200  # another partner has its own count
    assert ApiCall.objects.filter(partner=stp_partner, status=429).count() == 2


def test_every_call_is_logged_with_the_partner(province, stp_partner, bearer):
    api = bearer(stp_partner)
    api.get(DOSSIERS, HTTP_X_REQUEST_ID="req-partner-1")
    api.get(f"{DOSSIERS}{province.ward_dossier.pk}/")
    bearer(stp_partner, scope=DOCUMENTS_READ).get(DOSSIERS)
    calls = list(ApiCall.objects.order_by("id").values_list("partner_id", "method", "path", "status", "request_id"))
    ward = f"{DOSSIERS}{province.ward_dossier.pk}/"
    assert calls == [
        (stp_partner.pk, "GET", DOSSIERS, 200, "req-partner-1"),
        (stp_partner.pk, "GET", ward, 404, calls[1][4]),
        (stp_partner.pk, "GET", DOSSIERS, 403, calls[2][4]),
    ]
    assert all(call.duration_ms >= 0 for call in ApiCall.objects.all())
    refused = SecurityEvent.objects.get(event="permission.denied")
    assert refused.username == "partner:phan-mem-tu-phap" and refused.user_id is None


def test_the_token_endpoint_is_not_counted_as_a_call(stp_partner, token_for):
    token_for(stp_partner)
    assert not ApiCall.objects.exists()


# --- OpenAPI ------------------------------------------------------------------------------------------------


def test_the_schema_documents_the_client_credentials_scheme_and_the_token_endpoint(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    scheme = schema["components"]["securitySchemes"]["partnerOAuth2"]
    flow = scheme["flows"]["clientCredentials"]
    assert scheme["type"] == "oauth2" and flow["tokenUrl"] == TOKEN_URL
    assert {DOSSIERS_READ, DOCUMENTS_READ, SIGNATURES_VERIFY} <= set(flow["scopes"])
    listing = schema["paths"][DOSSIERS]["get"]["security"]
    assert {"partnerOAuth2": [DOSSIERS_READ]} in listing and {"cookieAuth": []} in listing
    actions = schema["paths"]["/api/v1/dossiers/{id}/actions/"]["post"]["security"]
    assert not any("partnerOAuth2" in requirement for requirement in actions)
    token = schema["paths"][TOKEN_URL]["post"]
    assert "application/x-www-form-urlencoded" in token["requestBody"]["content"]
    assert {"200", "400", "401"} <= set(token["responses"])


def test_a_malformed_default_rate_fails_the_system_check(settings):
    from egov.api.throttling import check_partner_rate

    assert check_partner_rate() == []
    settings.API_PARTNER_RATE = "nhanh"
    assert [error.id for error in check_partner_rate()] == ["egov.E130"]
