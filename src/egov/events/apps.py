from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "egov.events"
    label = "events"

    def ready(self) -> None:
        # Every installed app's handlers.py registers its subscribers (see registry.py).
        autodiscover_modules("handlers")
        from egov.core.templatetags.egov import register_nav_item

        register_nav_item(
            "events:failed",
            _("Sự kiện gửi lỗi"),
            roles=("system_admin",),
            order=210,
            description=_("Sự kiện tích hợp chưa gửi được, có thể gửi lại."),
        )
