"""Sign-in with VNeID: the relying party (egov.accounts.oidc + mozilla-django-oidc) against the local
identity-provider simulator, the whole authorization-code flow with PKCE through the Django test client.

The relying party's server-to-server calls (token, JWKS, userinfo) go through ``requests``; here they are
routed to the same Django site with a second test client, so no socket is opened.
"""

import base64
import hashlib
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.test import Client

from egov.accounts.models import User
from egov.services_portal.models import CitizenProfile
from egov.services_portal.vneid.views import subject_for

from .portal_factories import CitizenFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("services_portal.vneid_test_urls")]

SIM = "http://testserver/mo-phong/vneid/"
IDENTITY = {
    "citizen_id": "079200001234",
    "name": "Trần Văn Định",
    "birthdate": "1988-02-29",
    "phone_number": "0987654321",
}


class _Response:
    def __init__(self, response):
        self.status_code = response.status_code
        self.content = response.content
        self.text = response.content.decode()
        self.headers = {k.lower(): v for k, v in response.headers.items()}

    def json(self):
        import json

        return json.loads(self.content)

    def raise_for_status(self):
        if self.status_code >= 400:
            import requests

            raise requests.HTTPError(f"{self.status_code}: {self.text}")


@pytest.fixture
def provider(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    settings.VNEID_SIMULATOR = True
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "egov-cong-dvc"
    settings.OIDC_RP_CLIENT_SECRET = "bi-mat-thu-nghiem"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = SIM + "xac-thuc/"
    settings.OIDC_OP_TOKEN_ENDPOINT = SIM + "token/"
    settings.OIDC_OP_USER_ENDPOINT = SIM + "userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = SIM + "jwks/"
    settings.OIDC_OP_ISSUER = "http://testserver/mo-phong/vneid"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid profile phone citizen_id"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
    settings.AUTHENTICATION_BACKENDS = [
        "egov.accounts.oidc.EgovOIDCBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    backchannel = Client()
    calls = []

    def post(url, data=None, auth=None, **kwargs):
        calls.append(("POST", url))
        return _Response(backchannel.post(urlsplit(url).path, data))

    def get(url, headers=None, **kwargs):
        calls.append(("GET", url))
        extra = {"HTTP_AUTHORIZATION": headers["Authorization"]} if headers else {}
        return _Response(backchannel.get(urlsplit(url).path, **extra))

    monkeypatch.setattr("mozilla_django_oidc.auth.requests", SimpleNamespace(post=post, get=get))
    return calls


def start(client, url="/cong-dan/dang-nhap/vneid/"):
    """Press the VNeID button; returns the authorization request's parameters at the simulator."""
    response = client.post(url, follow=False)
    response = client.get(response["Location"])  # mozilla-django-oidc's authenticate view
    location = response["Location"]
    assert location.startswith(SIM + "xac-thuc/")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def approve(client, params, identity=IDENTITY):
    page = client.get("/mo-phong/vneid/xac-thuc/", params)
    assert page.status_code == 200
    response = client.post("/mo-phong/vneid/xac-thuc/", {**params, **identity, "action": "allow"})
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, identity=IDENTITY, url="/cong-dan/dang-nhap/vneid/"):
    callback = approve(client, start(client, url), identity)
    return client.get(callback)


def test_sign_in_creates_a_citizen_with_a_prefilled_profile(client, provider):
    response = sign_in(client)
    assert response.status_code == 302 and "dang-nhap" not in response["Location"]
    user = User.objects.get(oidc_subject=subject_for(IDENTITY["citizen_id"]))
    assert user.kind == User.Kind.CITIZEN and user.full_name == "Trần Văn Định" and user.phone == "0987654321"
    assert not user.has_usable_password()
    profile = CitizenProfile.objects.get(user=user)
    assert profile.id_number == "079200001234" and str(profile.date_of_birth) == "1988-02-29"
    assert profile.is_verified
    assert int(client.session["_auth_user_id"]) == user.pk
    assert ("POST", SIM + "token/") in provider and ("GET", SIM + "jwks/") in provider
    # The fields of an application come prefilled from it.
    assert client.get("/dich-vu-cong/tai-khoan/").context["form"].initial["id_number"] == "079200001234"


def test_second_sign_in_finds_the_same_account(client, provider):
    sign_in(client)
    client.logout()
    sign_in(client, {**IDENTITY, "name": "Trần Văn Định Mới"})
    assert User.objects.filter(kind=User.Kind.CITIZEN).count() == 1
    assert User.objects.get(kind=User.Kind.CITIZEN).full_name == "Trần Văn Định Mới"


def test_the_id_token_is_rs256_signed_with_the_published_key(client, provider):
    params = start(client)
    code = parse_qs(urlsplit(approve(client, params)).query)["code"][0]
    # Play the relying party by hand: the verifier is in the session mozilla-django-oidc keeps.
    verifier = next(iter(client.session["oidc_states"].values()))["code_verifier"]
    token = client.post(
        "/mo-phong/vneid/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": params["redirect_uri"],
            "client_id": "egov-cong-dvc",
            "client_secret": "bi-mat-thu-nghiem",
            "code_verifier": verifier,
        },
    ).json()
    jwks = client.get("/mo-phong/vneid/jwks/").json()
    key = jwt.PyJWK(jwks["keys"][0])
    claims = jwt.decode(token["id_token"], key, algorithms=["RS256"], audience="egov-cong-dvc")
    assert claims["citizen_id"] == IDENTITY["citizen_id"] and claims["nonce"] == params["nonce"]
    assert claims["iss"] == "http://testserver/mo-phong/vneid"
    info = client.get("/mo-phong/vneid/userinfo/", HTTP_AUTHORIZATION=f"Bearer {token['access_token']}").json()
    assert info["sub"] == claims["sub"] and info["birthdate"] == "1988-02-29"
    # A code is good once.
    again = client.post(
        "/mo-phong/vneid/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": params["redirect_uri"],
            "client_id": "egov-cong-dvc",
            "client_secret": "bi-mat-thu-nghiem",
            "code_verifier": verifier,
        },
    )
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def _token_request(client, **overrides):
    params = start(client)
    code = parse_qs(urlsplit(approve(client, params)).query)["code"][0]
    verifier = next(iter(client.session["oidc_states"].values()))["code_verifier"]
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": params["redirect_uri"],
        "client_id": "egov-cong-dvc",
        "client_secret": "bi-mat-thu-nghiem",
        "code_verifier": verifier,
    }
    data.update(overrides)
    return client.post("/mo-phong/vneid/token/", data)


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"code_verifier": "x" * 64}, "invalid_grant"),
        ({"client_secret": "sai"}, "invalid_client"),
        ({"redirect_uri": "http://testserver/khac/"}, "invalid_grant"),
        ({"code": "gia-mao"}, "invalid_grant"),
    ],
)
def test_token_endpoint_refuses_bad_requests(client, provider, overrides, error):
    assert _token_request(client, **overrides).json()["error"] == error


def test_authorization_requires_pkce_s256_and_a_known_client(client, provider):
    params = start(client)
    plain = {**params, "code_challenge_method": "plain"}
    assert client.get("/mo-phong/vneid/xac-thuc/", plain).status_code == 400
    no_pkce = {k: v for k, v in params.items() if k != "code_challenge"}
    assert client.get("/mo-phong/vneid/xac-thuc/", no_pkce).status_code == 400
    assert client.get("/mo-phong/vneid/xac-thuc/", {**params, "client_id": "khac"}).status_code == 400
    elsewhere = {**params, "redirect_uri": "https://evil.example/cb"}
    assert client.get("/mo-phong/vneid/xac-thuc/", elsewhere).status_code == 400


def test_cancel_signs_nobody_in(client, provider):
    params = start(client)
    response = client.post("/mo-phong/vneid/xac-thuc/", {**params, "action": "cancel"})
    assert "error=access_denied" in response["Location"]
    client.get(response["Location"])
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(kind=User.Kind.CITIZEN).exists()


def test_a_forged_id_token_is_refused(client, provider, monkeypatch):
    from cryptography.hazmat.primitives.asymmetric import rsa

    import egov.services_portal.vneid.views as sim

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    monkeypatch.setattr(sim, "signing_key", lambda: other)  # signs with a key the JWKS does not publish
    response = sign_in(client)
    assert response.status_code == 400  # SuspiciousOperation: nobody is signed in
    assert "_auth_user_id" not in client.session


def test_simulator_is_off_by_default(client, settings):
    settings.VNEID_SIMULATOR = False
    assert client.get("/mo-phong/vneid/.well-known/openid-configuration").status_code == 404
    assert client.get("/mo-phong/vneid/jwks/").status_code == 404


def test_discovery_document(client, provider):
    doc = client.get("/mo-phong/vneid/.well-known/openid-configuration").json()
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["token_endpoint"] == SIM + "token/"


def test_linking_an_existing_account_needs_the_same_id_number(client, provider):
    citizen = CitizenFactory(profile__id_number=IDENTITY["citizen_id"])
    client.force_login(citizen)
    response = sign_in(client, url="/dich-vu-cong/tai-khoan/lien-ket-vneid/")
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.oidc_subject == subject_for(IDENTITY["citizen_id"])
    assert CitizenProfile.objects.get(user=citizen).date_of_birth.isoformat() == "1988-02-29"
    # Next time VNeID alone signs into that account.
    client.logout()
    sign_in(client)
    assert int(client.session["_auth_user_id"]) == citizen.pk


def test_linking_is_refused_when_the_id_numbers_differ(client, provider):
    citizen = CitizenFactory(profile__id_number="001190099999")
    client.force_login(citizen)
    sign_in(client, url="/dich-vu-cong/tai-khoan/lien-ket-vneid/")
    citizen.refresh_from_db()
    assert citizen.oidc_subject is None
    assert not User.objects.filter(oidc_subject=subject_for(IDENTITY["citizen_id"])).exists()


def test_pkce_challenge_is_s256_of_the_verifier(client, provider):
    params = start(client)
    verifier = next(iter(client.session["oidc_states"].values()))["code_verifier"]
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert params["code_challenge"] == digest and params["code_challenge_method"] == "S256"


# --- one account per ID number (issue 13, item 9) ----------------------------------------------------------


def test_vneid_sign_in_with_a_declared_id_number_offers_to_link_instead_of_a_second_account(client, provider):
    citizen = CitizenFactory(profile__id_number=IDENTITY["citizen_id"])
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/cong-dan/dang-nhap/"
    assert "_auth_user_id" not in client.session
    assert User.objects.applicants().count() == 1  # no second, empty account
    page = client.get(response["Location"])
    assert "Liên kết VNeID" in page.content.decode()  # the message says how to link
    # The citizen signs in to the existing account and links VNeID: from then on VNeID opens it.
    client.force_login(citizen)
    sign_in(client, url="/dich-vu-cong/tai-khoan/lien-ket-vneid/")
    citizen.refresh_from_db()
    assert citizen.verified_id_number == IDENTITY["citizen_id"]
    client.logout()
    sign_in(client)
    assert int(client.session["_auth_user_id"]) == citizen.pk
    assert User.objects.applicants().count() == 1


def test_vneid_sign_in_opens_the_account_whose_verified_id_number_matches(client, provider):
    owner = CitizenFactory(profile__id_number=IDENTITY["citizen_id"])
    owner.oidc_subject, owner.verified_id_number = "chu-the-cu-cua-nha-cung-cap", IDENTITY["citizen_id"]
    owner.save()
    sign_in(client)
    assert int(client.session["_auth_user_id"]) == owner.pk
    assert User.objects.applicants().count() == 1


def test_a_new_vneid_account_records_its_verified_id_number(client, provider):
    sign_in(client)
    user = User.objects.get(oidc_subject=subject_for(IDENTITY["citizen_id"]))
    assert user.verified_id_number == IDENTITY["citizen_id"]


def test_the_database_refuses_two_accounts_with_one_verified_id_number():
    from django.db import IntegrityError, transaction

    CitizenFactory(verified_id_number="079200001234")
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenFactory(verified_id_number="079200001234")


def test_a_profile_cannot_declare_an_id_number_verified_for_another_account(client):
    CitizenFactory(verified_id_number="079200001234")
    other = CitizenFactory()
    client.force_login(other)
    response = client.post(
        "/dich-vu-cong/tai-khoan/", {"full_name": "Người khác", "id_number": "079200001234", "address": ""}
    )
    assert response.status_code == 200 and "đã gắn với một tài khoản khác" in response.content.decode()
    assert CitizenProfile.objects.get(user=other).id_number == "001190012345"


def test_a_verified_id_number_cannot_be_changed_in_the_profile(client):
    owner = CitizenFactory(verified_id_number="079200001234", profile__id_number="079200001234")
    client.force_login(owner)
    client.post("/dich-vu-cong/tai-khoan/", {"full_name": "Chủ", "id_number": "001190099999", "address": ""})
    assert CitizenProfile.objects.get(user=owner).id_number == "079200001234"
