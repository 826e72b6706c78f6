from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "egov.signatures"
    label = "signatures"
    verbose_name = _("Chữ ký số")

    def ready(self) -> None:
        from egov.core.templatetags.egov import register_nav_item

        register_nav_item(
            "signatures:verify",
            _("Kiểm tra chữ ký số"),
            order=900,
            description=_("Kiểm tra chữ ký số trên tệp PDF."),
        )
