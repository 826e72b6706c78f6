"""Bearer tokens of partner systems (RFC 6750) as a DRF authentication class, and the principal they give.

``PartnerPrincipal`` stands where a user stands (``request.user``): it is authenticated, has no roles and
no user row (``pk`` is None), and its ``agency_scope`` is the subtrees of the partner's agencies, so every
``Model.objects.for_user(principal)`` limits it exactly as it limits a staff user of those agencies.
``request.auth`` is the ``AccessToken``. Requests without an ``Authorization: Bearer`` header are left to
the next class (staff sessions work as before).
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from egov.agencies.scoping import NOTHING, Scope

from .credentials import token_for

REALM = "egov"


class PartnerPrincipal:
    """A partner system acting through a token: what ``for_user`` and the permission classes ask of a user."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    is_official = False  # staff pages and staff-only permissions refuse it
    is_partner = True
    pk = id = None
    official = None
    role_codes = frozenset()

    def __init__(self, partner, scopes):
        self.partner = partner
        self.scopes = frozenset(scopes)

    def __str__(self) -> str:
        return self.partner.name

    def get_username(self) -> str:
        return f"partner:{self.partner.code}"

    username = property(get_username)

    def has_role(self, *roles) -> bool:
        return False

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @cached_property
    def agency_scope(self) -> Scope:
        roots = tuple(self.partner.agencies.values_list("path", flat=True))
        return Scope(roots=roots) if roots else NOTHING


def partner_of(request):
    """The ``Partner`` behind the request's token, or None (a staff session, an anonymous caller)."""
    user = getattr(request, "user", None)
    return user.partner if getattr(user, "is_partner", False) else None


class PartnerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải là: Bearer <mã truy cập>."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã bị thu hồi.")) from None
        token, reason = token_for(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(reason)
        scopes = set(token.scopes) & set(token.partner.scopes)  # a scope taken from the partner is gone at once
        return PartnerPrincipal(token.partner, scopes), token

    def authenticate_header(self, request):
        """RFC 6750 §3: the challenge of a 401 (only for requests that tried a bearer token; without one,
        staff endpoints keep answering 403 as they did)."""
        parts = get_authorization_header(request).split()
        if parts and parts[0].lower() == self.keyword:
            return f'Bearer realm="{REALM}", error="invalid_token"'
        return None
