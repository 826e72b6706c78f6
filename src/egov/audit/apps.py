from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "egov.audit"
    label = "audit"

    def ready(self):
        from egov.core.templatetags.egov import register_nav_item

        from . import signals  # noqa: F401  (connects the sign-in receivers)

        register_nav_item(
            "audit:log",
            _("Nhật ký hệ thống"),
            roles=("system_admin", "agency_admin"),
            order=200,
            description=_("Mọi thay đổi trạng thái, có kiểm tra toàn vẹn."),
        )
        register_nav_item(
            "audit:security",
            _("Nhật ký an ninh"),
            roles=("system_admin", "agency_admin"),
            order=201,
            description=_(
                "Đăng nhập, đăng nhập sai, tạm khóa, từ chối truy cập, xuất dữ liệu cá nhân, tải tài liệu mật."
            ),
        )
