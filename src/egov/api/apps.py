from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "egov.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from egov.core.templatetags.egov import register_nav_item

        register_nav_item(
            "webhooks:subscriptions",
            _("Webhook đối tác"),
            roles=("system_admin",),
            order=216,
            description=_("Đăng ký webhook của hệ thống đối tác, nhật ký gửi, gửi lại."),
        )
