from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesPortalConfig(AppConfig):
    name = "egov.services_portal"
    label = "services_portal"
    verbose_name = _("Cổng dịch vụ công")

    def ready(self):
        from . import files

        files.register()
        from egov.core.templatetags.egov import PUBLIC, register_nav_item

        register_nav_item("services_portal:catalogue", _("Thủ tục hành chính"), area=PUBLIC, order=10)
        register_nav_item("services_portal:track", _("Tra cứu hồ sơ"), area=PUBLIC, order=20)
        from django.db.models.signals import post_save

        from egov.accounts.oidc import accounts_declaring_id_number, citizen_claims_received
        from egov.dossiers.models import Dossier

        from .lookup_cache import dossier_saved
        from .signals import accounts_declaring, fill_profile_from_identity

        post_save.connect(dossier_saved, sender=Dossier, dispatch_uid="services_portal.lookup_cache")

        accounts_declaring_id_number.connect(accounts_declaring, dispatch_uid="services_portal.accounts_declaring")

        citizen_claims_received.connect(
            fill_profile_from_identity, dispatch_uid="services_portal.profile_from_identity"
        )
        register_nav_item("services_portal:my-dossiers", _("Hồ sơ của tôi"), area=PUBLIC, order=30)
        register_nav_item("services_portal:statistics", _("Thống kê"), area=PUBLIC, order=40)
        from egov.core.templatetags.egov import register_panel

        from .panels import dossier_signature_checks

        register_panel(
            "dossiers.detail", "services_portal/_dossier_signatures_panel.html", context=dossier_signature_checks
        )
