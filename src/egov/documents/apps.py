from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "egov.documents"
    label = "documents"
    verbose_name = _("Quản lý văn bản và điều hành")

    def ready(self):
        from egov.attachments.signals import file_downloaded

        from . import files

        files.register()
        file_downloaded.connect(files.record_secret_download, dispatch_uid="documents.secret_download")
        from egov.core.templatetags.egov import register_nav_item
        from egov.core.tiles import register_tiles

        from .views import BOXES, workspace_tiles

        register_tiles(workspace_tiles, order=20)

        roles = tuple({role for box in BOXES for role in box.roles})
        register_nav_item(
            "documents:home",
            _("Văn bản, điều hành"),
            roles=roles,
            order=40,
            description=_("Văn bản đến, văn bản đi: vào sổ, phân công, xử lý, duyệt, ban hành."),
        )
