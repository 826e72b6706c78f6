"""The simulated identity provider's endpoints (see the package docstring)."""

import base64
import hashlib
import hmac
import time
from functools import wraps
from urllib.parse import urlencode, urlsplit

import jwt
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .keys import jwks, key_id, signing_key

CODE_SALT = "egov.vneid-simulator.code"
TOKEN_SALT = "egov.vneid-simulator.access-token"
CODE_LIFETIME = 120
TOKEN_LIFETIME = 600
ID_NUMBER_CLAIM = "citizen_id"  # the 12-digit personal identification number (số định danh cá nhân)
SCOPES = ("openid", "profile", "email", "phone", "citizen_id")
# The authorization request's parameters, carried through the simulator's sign-in form.
AUTH_PARAMS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


def enabled(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(settings, "VNEID_SIMULATOR", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def issuer(request) -> str:
    return (
        request.build_absolute_uri(reverse("services_portal:vneid-discovery"))
        .removesuffix(".well-known/openid-configuration")
        .rstrip("/")
    )


def _error(error: str, description: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


@enabled
def discovery(request):
    url = request.build_absolute_uri
    return JsonResponse(
        {
            "issuer": issuer(request),
            "authorization_endpoint": url(reverse("services_portal:vneid-authorize")),
            "token_endpoint": url(reverse("services_portal:vneid-token")),
            "userinfo_endpoint": url(reverse("services_portal:vneid-userinfo")),
            "jwks_uri": url(reverse("services_portal:vneid-jwks")),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "scopes_supported": list(SCOPES),
            "claims_supported": ["sub", "name", "birthdate", "phone_number", "email", ID_NUMBER_CLAIM],
        }
    )


@enabled
def jwks_view(request):
    return JsonResponse(jwks())


# --- authorization ------------------------------------------------------------------------------------


class IdentityForm(forms.Form):
    """The identity the tester signs in as (VNeID would take it from the citizen's chip-based account)."""

    citizen_id = forms.RegexField(
        label=_("Số định danh cá nhân"),
        regex=r"^\d{12}$",
        error_messages={"invalid": _("Số định danh cá nhân gồm 12 chữ số.")},
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=100)
    birthdate = forms.DateField(label=_("Ngày sinh"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    phone_number = forms.RegexField(
        label=_("Số điện thoại"), regex=r"^0\d{9}$", error_messages={"invalid": _("Số điện thoại gồm 10 chữ số.")}
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)


DEMO_IDENTITY = {
    "citizen_id": "001190012345",
    "name": "Nguyễn Thị Hồng Nhung",
    "birthdate": "1990-05-17",
    "phone_number": "0912345678",
    "email": "",
}


def _check_authorization_request(request, params) -> str | None:
    """Why the authorization request is refused (shown to the user, never redirected), or None."""
    if params.get("client_id") != settings.OIDC_RP_CLIENT_ID or not settings.OIDC_RP_CLIENT_ID:
        return _("Ứng dụng (client_id) chưa được đăng ký với VNeID mô phỏng.")
    redirect_uri = params.get("redirect_uri", "")
    if urlsplit(redirect_uri).netloc != request.get_host():
        return _("Địa chỉ quay về (redirect_uri) phải thuộc trang này.")
    if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
        return _("Cần response_type=code và phạm vi (scope) openid.")
    if params.get("code_challenge_method") != "S256" or len(params.get("code_challenge", "")) < 43:
        return _("Cần PKCE với code_challenge_method=S256.")
    if not params.get("state"):
        return _("Thiếu tham số state.")
    return None


@enabled
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request):
    """The provider's sign-in page: choose the identity, then go back to the client with a code."""
    params = {k: v for k, v in (request.POST if request.method == "POST" else request.GET).items()}
    refusal = _check_authorization_request(request, params)
    if refusal:
        return render(request, "services_portal/vneid/error.html", {"error": refusal}, status=400)
    passed = {k: params[k] for k in AUTH_PARAMS if k in params}
    if request.method == "POST" and params.get("action") == "cancel":
        return redirect(_back(params, {"error": "access_denied", "state": params["state"]}))
    form = IdentityForm(request.POST if request.method == "POST" else None, initial=DEMO_IDENTITY)
    if request.method == "POST" and form.is_valid():
        code = signing.dumps(
            {
                "identity": {**form.cleaned_data, "birthdate": form.cleaned_data["birthdate"].isoformat()},
                "client_id": params["client_id"],
                "redirect_uri": params["redirect_uri"],
                "challenge": params["code_challenge"],
                "nonce": params.get("nonce", ""),
                "scope": params.get("scope", ""),
            },
            salt=CODE_SALT,
            compress=True,
        )
        return redirect(_back(params, {"code": code, "state": params["state"]}))
    return render(request, "services_portal/vneid/authorize.html", {"form": form, "passed": passed})


def _back(params, answer: dict) -> str:
    uri = params["redirect_uri"]
    return f"{uri}{'&' if '?' in uri else '?'}{urlencode(answer)}"


# --- token and userinfo ---------------------------------------------------------------------------------


def _client_credentials(request) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            client_id, _sep, secret = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return "", ""
        return client_id, secret
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _client_ok(client_id: str, secret: str) -> bool:
    expected_id, expected_secret = settings.OIDC_RP_CLIENT_ID or "", settings.OIDC_RP_CLIENT_SECRET or ""
    return bool(expected_id) and client_id == expected_id and hmac.compare_digest(secret, expected_secret)


def _pkce_ok(verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode()).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return 43 <= len(verifier) <= 128 and hmac.compare_digest(computed, challenge)


def subject_for(citizen_id: str) -> str:
    """A pairwise, opaque subject: stable for one citizen, not their ID number."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"vneid-sub:{citizen_id}".encode(), hashlib.sha256).hexdigest()[:32]


def claims_of(identity: dict) -> dict:
    claims = {
        "sub": subject_for(identity["citizen_id"]),
        ID_NUMBER_CLAIM: identity["citizen_id"],
        "name": identity["name"],
        "birthdate": identity["birthdate"],
        "phone_number": identity["phone_number"],
    }
    if identity.get("email"):
        claims.update(email=identity["email"], email_verified=True)
    return claims


@csrf_exempt
@enabled
@require_http_methods(["POST"])
def token(request):
    client_id, secret = _client_credentials(request)
    if not _client_ok(client_id, secret):
        return _error("invalid_client", "client authentication failed", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _error("unsupported_grant_type", "only authorization_code")
    code = request.POST.get("code", "")
    try:
        grant = signing.loads(code, salt=CODE_SALT, max_age=CODE_LIFETIME)
    except signing.BadSignature:
        return _error("invalid_grant", "unknown or expired code")
    if grant["client_id"] != client_id or grant["redirect_uri"] != request.POST.get("redirect_uri"):
        return _error("invalid_grant", "code issued to another client or redirect_uri")
    if not _pkce_ok(request.POST.get("code_verifier", ""), grant["challenge"]):
        return _error("invalid_grant", "PKCE verification failed")
    if not cache.add(f"vneid-sim-code:{hashlib.sha256(code.encode()).hexdigest()}", 1, CODE_LIFETIME):
        return _error("invalid_grant", "code already used")
    now = int(time.time())
    claims = claims_of(grant["identity"])
    id_token = jwt.encode(
        {
            **claims,
            "iss": issuer(request),
            "aud": client_id,
            "iat": now,
            "exp": now + TOKEN_LIFETIME,
            "auth_time": now,
            "nonce": grant["nonce"],
        },
        signing_key(),
        algorithm="RS256",
        headers={"kid": key_id()},
    )
    access_token = signing.dumps({"claims": claims, "client_id": client_id}, salt=TOKEN_SALT, compress=True)
    return JsonResponse(
        {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME, "id_token": id_token},
        headers={"Cache-Control": "no-store"},
    )


@csrf_exempt
@enabled
@require_http_methods(["GET", "POST"])
def userinfo(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return _error("invalid_token", "Bearer token required", 401)
    try:
        grant = signing.loads(header[7:], salt=TOKEN_SALT, max_age=TOKEN_LIFETIME)
    except signing.BadSignature:
        return _error("invalid_token", "unknown or expired token", 401)
    return JsonResponse(grant["claims"])
