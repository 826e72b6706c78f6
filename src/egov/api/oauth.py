"""``POST /api/v1/oauth/token/``: the OAuth2 client-credentials grant (RFC 6749 §4.4) for partner systems.

The client authenticates with HTTP Basic (``client_id:client_secret``, RFC 6749 §2.3.1) or with
``client_id``/``client_secret`` in the form body, never both. Answers: 200 ``{"access_token", "token_type":
"Bearer", "expires_in", "scope"}``; 400/401 ``{"error", "error_description"}`` (§5.2), with ``detail`` too
(the API's Vietnamese message). No caching of either (``Cache-Control: no-store``).
"""

import base64
import binascii
from urllib.parse import unquote_plus

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.audit import security

from .credentials import OAuthError, issue_token

GRANT_TYPE = "client_credentials"
FAILED = "api.client_failed"  # security-log event of a refused client


class TokenRequestSerializer(serializers.Serializer):
    grant_type = serializers.ChoiceField(choices=[GRANT_TYPE])
    scope = serializers.CharField(required=False, help_text="Các phạm vi cách nhau bởi dấu cách; mặc định: tất cả.")
    client_id = serializers.CharField(required=False, help_text="Nếu không dùng HTTP Basic.")
    client_secret = serializers.CharField(required=False, help_text="Nếu không dùng HTTP Basic.")


class TokenSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.ChoiceField(choices=["Bearer"])
    expires_in = serializers.IntegerField(help_text="Số giây còn hiệu lực.")
    scope = serializers.CharField()


class TokenErrorSerializer(serializers.Serializer):
    error = serializers.ChoiceField(
        choices=["invalid_request", "invalid_client", "invalid_scope", "unsupported_grant_type"]
    )
    error_description = serializers.CharField()
    detail = serializers.CharField()


class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    parser_classes = [FormParser]

    @extend_schema(
        operation_id="oauth_token",
        summary="Cấp mã truy cập cho hệ thống đối tác (OAuth2 client credentials)",
        description="RFC 6749 §4.4: xác thực bằng HTTP Basic (client_id:client_secret) hoặc client_id, "
        "client_secret trong thân yêu cầu; grant_type=client_credentials; scope (tùy chọn) thu hẹp phạm vi.",
        request={"application/x-www-form-urlencoded": TokenRequestSerializer},
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                TokenErrorSerializer, description="invalid_request, invalid_scope, unsupported_grant_type"
            ),
            401: OpenApiResponse(TokenErrorSerializer, description="invalid_client"),
        },
        auth=[],
        tags=["oauth"],
    )
    def post(self, request):
        try:
            client_id, client_secret = _client_credentials(request)
            grant_type = request.data.get("grant_type", "")
            if not grant_type:
                raise OAuthError("invalid_request", _("Thiếu tham số grant_type."))
            if grant_type != GRANT_TYPE:
                raise OAuthError("unsupported_grant_type", _("Chỉ hỗ trợ grant_type=client_credentials."))
            token, raw = issue_token(client_id, client_secret, request.data.get("scope"))
        except OAuthError as error:
            return self._refused(request, error)
        seconds = max(0, int((token.expires_at - token.issued_at).total_seconds()))
        body = {"access_token": raw, "token_type": "Bearer", "expires_in": seconds, "scope": " ".join(token.scopes)}
        return _no_store(Response(body))

    def _refused(self, request, error: OAuthError):
        if error.error == "invalid_client":
            security.record(FAILED, request._request, username=_client_id_tried(request)[:150])
        body = {"error": error.error, "error_description": error.description, "detail": error.description}
        response = Response(body, status=error.http_status)
        if error.http_status == 401:
            response["WWW-Authenticate"] = 'Basic realm="egov"'
        return _no_store(response)


def _client_credentials(request) -> tuple[str, str]:
    """(client_id, client_secret) from HTTP Basic or the form body (RFC 6749 §2.3.1), not both."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    in_body = "client_id" in request.data or "client_secret" in request.data
    if header:
        kind, _sep, value = header.partition(" ")
        if kind.lower() != "basic":
            raise OAuthError("invalid_client", _("Chỉ nhận xác thực HTTP Basic tại địa chỉ này."), 401)
        if in_body:
            raise OAuthError("invalid_request", _("Chỉ dùng một cách xác thực: HTTP Basic hoặc tham số."))
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise OAuthError("invalid_client", _("Tiêu đề HTTP Basic không hợp lệ."), 401) from None
        client_id, sep, client_secret = decoded.partition(":")
        if not sep:
            raise OAuthError("invalid_client", _("Tiêu đề HTTP Basic không hợp lệ."), 401)
        return unquote_plus(client_id), unquote_plus(client_secret)  # §2.3.1: form-urlencoded before Basic
    return str(request.data.get("client_id", "")), str(request.data.get("client_secret", ""))


def _client_id_tried(request) -> str:
    try:
        return _client_credentials(request)[0]
    except OAuthError:
        return ""


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response
