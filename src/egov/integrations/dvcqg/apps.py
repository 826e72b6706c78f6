from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DvcqgConfig(AppConfig):
    name = "egov.integrations.dvcqg"
    label = "dvcqg"
    verbose_name = _("Kết nối Cổng DVC quốc gia")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .client import CLIENTS
        from .simulator import LocalClient

        CLIENTS.register("local-simulator", LocalClient)
        from egov.core.templatetags.egov import register_nav_item

        register_nav_item(
            "dvcqg:sync",
            _("Đồng bộ DVCQG"),
            roles=("system_admin",),
            order=215,
            description=_("Hồ sơ nhận từ Cổng DVC quốc gia, đồng bộ trạng thái, đối soát, ánh xạ thủ tục."),
        )
