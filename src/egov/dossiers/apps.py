from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "egov.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ một cửa")

    def ready(self):
        from . import files

        files.register()
        from egov.core.templatetags.egov import register_nav_item
        from egov.core.tiles import register_tiles

        from .views.boxes import BOXES, workspace_tiles

        register_tiles(workspace_tiles, order=10)
        for order, box in enumerate(BOXES, start=10):
            register_nav_item(box.url_name, box.title, roles=box.roles, order=order, description=box.description)
        register_nav_item(
            "dossiers:stats",
            _("Thống kê hồ sơ"),
            order=20,
            description=_("Tiếp nhận, giải quyết, trả kết quả theo cơ quan, lĩnh vực và kỳ; tải về XLSX."),
        )
