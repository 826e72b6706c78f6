from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "egov.audit"
    label = "audit"

    def ready(self):
        from egov.core.templatetags.egov import register_nav_item

        register_nav_item(
            "audit:log",
            _("Nhật ký hệ thống"),
            roles=("system_admin", "agency_admin"),
            order=200,
            description=_("Mọi thay đổi trạng thái, có kiểm tra toàn vẹn."),
        )
