import pytest
from django.test import RequestFactory
from django.urls import reverse

from egov.accounts import oidc
from egov.accounts.models import User
from factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

VNEID_CLAIMS = {
    "sub": "vneid-001234567890",
    "name": "Nguyễn  Thị   Hoa",
    "email": "hoa@example.vn",
    "email_verified": True,
    "phone_number": "+84 912 345 678",
}


def backend_for(intent=None, claims=None, monkeypatch=None):
    backend = oidc.EgovOIDCBackend()
    request = RequestFactory().get("/oidc/callback/")
    request.session = {oidc.INTENT_SESSION_KEY: intent} if intent else {}
    backend.request = request
    if monkeypatch is not None:
        monkeypatch.setattr(backend, "get_userinfo", lambda access_token, id_token, payload: claims)
    return backend


def test_claim_mapping():
    assert oidc.citizen_fields_from_claims(VNEID_CLAIMS) == {
        "full_name": "Nguyễn Thị Hoa",
        "email": "hoa@example.vn",
        "phone": "0912345678",
    }


def test_name_from_parts_in_vietnamese_order():
    claims = {"family_name": "Trần", "middle_name": "Văn", "given_name": "Nam"}
    assert oidc.full_name_from_claims(claims) == "Trần Văn Nam"


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"email": "a@b.vn", "email_verified": False}, ""),
        ({"email": "khong-hop-le"}, ""),
        ({"email": " a@b.vn "}, "a@b.vn"),
        ({}, ""),
    ],
)
def test_email_from_claims(claims, expected):
    assert oidc.email_from_claims(claims) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("+84912345678", "0912345678"), ("84912345678", "0912345678"), ("0912.345.678", "0912345678"), ("abc", "")],
)
def test_phone_from_claims(raw, expected):
    assert oidc.phone_from_claims({"phone_number": raw}) == expected


def test_unknown_subject_becomes_a_citizen(monkeypatch):
    backend = backend_for(claims=VNEID_CLAIMS, monkeypatch=monkeypatch)
    user = backend.get_or_create_user("access", "id", {})
    assert user.kind == User.Kind.CITIZEN
    assert user.oidc_subject == VNEID_CLAIMS["sub"]
    assert user.full_name == "Nguyễn Thị Hoa"
    assert user.phone == "0912345678"
    assert not user.has_usable_password()
    assert user.username == oidc.username_for_subject(VNEID_CLAIMS["sub"])


def test_known_citizen_is_matched_by_subject_and_refreshed(monkeypatch):
    citizen = UserFactory(oidc_subject=VNEID_CLAIMS["sub"], full_name="Tên Cũ", email="cu@example.vn")
    user = backend_for(claims=VNEID_CLAIMS, monkeypatch=monkeypatch).get_or_create_user("a", "i", {})
    assert user.pk == citizen.pk
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.email) == ("Nguyễn Thị Hoa", "hoa@example.vn")


def test_email_is_never_used_to_match(monkeypatch):
    UserFactory(email=VNEID_CLAIMS["email"])
    staff = StaffUserFactory(email=VNEID_CLAIMS["email"])
    user = backend_for(claims=VNEID_CLAIMS, monkeypatch=monkeypatch).get_or_create_user("a", "i", {})
    assert user.kind == User.Kind.CITIZEN
    assert user.pk != staff.pk


def test_staff_intent_never_creates_an_account(monkeypatch):
    backend = backend_for(oidc.STAFF_INTENT, VNEID_CLAIMS, monkeypatch)
    with pytest.raises(Exception, match="No staff account"):
        backend.get_or_create_user("a", "i", {})
    assert not User.objects.filter(oidc_subject=VNEID_CLAIMS["sub"]).exists()


def test_staff_intent_signs_in_a_linked_staff_account_without_changing_it(monkeypatch):
    staff = StaffUserFactory(oidc_subject=VNEID_CLAIMS["sub"], full_name="Lê Văn Cán Bộ")
    user = backend_for(oidc.STAFF_INTENT, VNEID_CLAIMS, monkeypatch).get_or_create_user("a", "i", {})
    assert user.pk == staff.pk
    staff.refresh_from_db()
    assert staff.full_name == "Lê Văn Cán Bộ"


def test_kinds_stay_apart(monkeypatch):
    StaffUserFactory(oidc_subject="staff-sub")
    UserFactory(oidc_subject="citizen-sub")
    citizen_side = backend_for(oidc.CITIZEN_INTENT, {"sub": "staff-sub"}, monkeypatch)
    assert citizen_side.get_or_create_user("a", "i", {}) is None
    staff_side = backend_for(oidc.STAFF_INTENT, {"sub": "citizen-sub"}, monkeypatch)
    assert staff_side.get_or_create_user("a", "i", {}) is None


def test_claims_without_subject_are_refused():
    backend = backend_for()
    assert not backend.verify_claims({"email": "a@b.vn"})
    assert backend.filter_users_by_claims({}).count() == 0


@pytest.mark.parametrize(
    ("url_name", "intent", "expected_next"),
    [("accounts:staff-oidc", oidc.STAFF_INTENT, "/ban-lam-viec/"), ("accounts:citizen-oidc", oidc.CITIZEN_INTENT, "/")],
)
def test_sign_in_start_records_the_side_and_hands_over(client, settings, url_name, intent, expected_next):
    settings.OIDC_ENABLED = True
    settings.ROOT_URLCONF = "accounts.urls"
    response = client.post(reverse(url_name), {"next": "https://evil.example/"})
    assert client.session[oidc.INTENT_SESSION_KEY] == intent
    assert response.status_code == 302
    assert response.url == f"/oidc/authenticate/?next={expected_next.replace('/', '%2F')}"


def test_login_pages_offer_oidc_when_enabled(client, settings):
    settings.OIDC_ENABLED = True
    settings.ROOT_URLCONF = "accounts.urls"
    assert "VNeID" in client.get(reverse("accounts:citizen-login")).content.decode()
    assert reverse("accounts:staff-oidc") in client.get(reverse("accounts:staff-login")).content.decode()
