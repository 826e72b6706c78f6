"""Who may use the documents API: signed-in officials (the rows are then limited by ``for_user``),
or a partner system's token (its scope is checked by ``egov.api.permissions.PartnerScopes``)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from egov.accounts.decorators import user_has_role
from egov.api.permissions import is_partner


class IsOfficial(BasePermission):
    message = _("Chỉ cán bộ, công chức đã đăng nhập mới dùng được API văn bản.")

    def has_permission(self, request, view):
        return is_partner(request.user) or user_has_role(request.user)
