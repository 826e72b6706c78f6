from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "egov.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from django.core import checks

        from egov.core.templatetags.egov import register_nav_item

        from . import purge, schema  # noqa: F401  (the periodic purge; the partner tokens' OpenAPI scheme)
        from .throttling import check_partner_rate

        checks.register(check_partner_rate)

        register_nav_item(
            "partners:list",
            _("Hệ thống đối tác"),
            roles=("system_admin",),
            order=215,
            description=_("Hệ thống kết nối qua API: phạm vi, khóa bí mật, giới hạn, nhật ký gọi."),
        )
        register_nav_item(
            "webhooks:subscriptions",
            _("Webhook đối tác"),
            roles=("system_admin",),
            order=216,
            description=_("Đăng ký webhook của hệ thống đối tác, nhật ký gửi, gửi lại."),
        )
