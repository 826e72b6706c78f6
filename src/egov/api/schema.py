"""OpenAPI schema hooks (``SPECTACULAR_SETTINGS``) and the partner tokens' security scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

API_PREFIX = "/api/v1/"
TOKEN_URL = API_PREFIX + "oauth/token/"


def only_our_api(endpoints, **kwargs):
    """Keep the platform's REST API (``/api/v1/...``); leave out Wagtail's admin API and any other view that
    happens to be a DRF view (``/quan-tri/cms/api/...``)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    """Partner tokens in the schema: an OAuth2 client-credentials scheme with the scopes of ``scopes.SCOPES``;
    each operation open to partners names the scope it needs (``partner_scopes`` of its view)."""

    target_class = "egov.api.authentication.PartnerTokenAuthentication"
    name = "partnerOAuth2"

    def get_security_definition(self, auto_schema):
        from .scopes import SCOPES

        return {
            "type": "oauth2",
            "description": "Hệ thống đối tác: mã truy cập (Bearer) cấp theo luồng client credentials "
            "(RFC 6749 §4.4), dùng trong tiêu đề Authorization: Bearer <mã>.",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": TOKEN_URL,
                    "scopes": {code: str(label) for code, label in SCOPES.items()},
                }
            },
        }

    def get_security_requirement(self, auto_schema):
        from .permissions import required_scope

        scope = required_scope(auto_schema.view, auto_schema.method)
        return None if scope is None else {self.name: [scope]}
