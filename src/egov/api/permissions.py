"""Scope checks for partner tokens, added to a viewset's permission classes.

A viewset names ``partner_scopes = (read_scope, write_scope)``; ``write_scope`` None means the viewset's
writes act as a staff member (a service needs an official with roles) and stay closed to partners. Requests
that do not come with a partner token pass through to the viewset's other permission classes unchanged; a
domain's staff-only class lets a partner through with ``is_partner(user) or user_has_role(user)``.
"""

from django.utils.translation import gettext as _
from rest_framework.permissions import SAFE_METHODS, BasePermission


def required_scope(view, method: str) -> str | None:
    read, write = getattr(view, "partner_scopes", (None, None))
    return read if method in SAFE_METHODS else write


class PartnerScopes(BasePermission):
    """A partner needs the scope of the method; anyone else is judged by the other classes alone."""

    def has_permission(self, request, view):
        user = request.user
        if not is_partner(user):
            return True
        needed = required_scope(view, request.method)
        if needed is None:
            self.message = _("Hệ thống đối tác không được dùng thao tác này.")
            return False
        if not user.has_scope(needed):
            self.message = _("Mã truy cập không có phạm vi %(scope)s.") % {"scope": needed}
            return False
        return True


def is_partner(user) -> bool:
    """True for the principal of a partner token (``egov.api.authentication.PartnerPrincipal``)."""
    return getattr(user, "is_partner", False)
