from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesPortalConfig(AppConfig):
    name = "egov.services_portal"
    label = "services_portal"
    verbose_name = _("Cổng dịch vụ công")

    def ready(self):
        from egov.core.templatetags.egov import PUBLIC, register_nav_item

        register_nav_item("services_portal:catalogue", _("Thủ tục hành chính"), area=PUBLIC, order=10)
        register_nav_item("services_portal:track", _("Tra cứu hồ sơ"), area=PUBLIC, order=20)
        register_nav_item("services_portal:my-dossiers", _("Hồ sơ của tôi"), area=PUBLIC, order=30)
