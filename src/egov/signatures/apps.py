from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "egov.signatures"
    label = "signatures"
    verbose_name = _("Chữ ký số")

    def ready(self) -> None:
        from egov.audit.checkpoints import register_signer
        from egov.core.templatetags.egov import register_nav_item

        from .checkpoints import CmsCheckpointSigner

        register_signer(CmsCheckpointSigner())  # the audit log's signed checkpoints (decision 0006)

        register_nav_item(
            "signatures:verify",
            _("Kiểm tra chữ ký số"),
            order=900,
            description=_("Kiểm tra chữ ký số trên tệp PDF."),
        )
