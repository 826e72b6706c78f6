from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "egov.exchange"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Liên thông văn bản (edXML)")

    def ready(self):
        from egov.core.templatetags.egov import register_nav_item, register_panel

        from . import simulator, transports  # noqa: F401  (the built-in transports register themselves)
        from .lgsp import simulator as lgsp_simulator  # noqa: F401  (its in-process client)
        from .lgsp import transport as lgsp_transport  # noqa: F401
        from .transitions import STAFF
        from .views import recipients_panel

        register_nav_item(
            "exchange:messages",
            _("Liên thông văn bản"),
            roles=tuple(STAFF),
            order=45,
            description=_("Văn bản gửi, nhận qua trục liên thông và tình trạng gửi"),
        )
        register_panel("documents.outgoing_detail", "exchange/_recipients_panel.html", context=recipients_panel)

        from egov.documents.recipients import RECIPIENT_CHANNELS

        from .services import edxml_channels

        RECIPIENT_CHANNELS.register("edxml", edxml_channels)
