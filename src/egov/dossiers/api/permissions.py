"""Who may use the dossier API: signed-in staff (the rows are then limited by ``for_user``)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from egov.accounts.decorators import user_has_role


class IsStaffUser(BasePermission):
    message = _("Chỉ cán bộ, công chức đã đăng nhập mới dùng được API hồ sơ.")

    def has_permission(self, request, view):
        return user_has_role(request.user)
