from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "egov.notifications"
    label = "notifications"

    def ready(self):
        from egov.core.templatetags.egov import register_nav_item

        register_nav_item(
            "notifications:list", _("Thông báo"), order=80, description=_("Thông báo gửi đến bạn trên hệ thống.")
        )
        register_nav_item(
            "notifications:outbox",
            _("Hộp thư đi"),
            roles=("system_admin",),
            order=220,
            description=_("Thư điện tử và tin nhắn SMS đã gửi hoặc lỗi."),
        )
