from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "egov.procedures"
    label = "procedures"

    def ready(self):
        from . import files

        files.register()
        from .cache import connect_signals

        connect_signals()
        from egov.core.templatetags.egov import register_nav_item

        register_nav_item(
            "procedures:import",
            _("Nhập danh mục thủ tục"),
            roles=("system_admin", "agency_admin"),
            order=190,
            description=_("Nhập, xuất danh mục thủ tục hành chính (XLSX, JSON)."),
        )
