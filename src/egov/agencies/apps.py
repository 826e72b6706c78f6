from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "egov.agencies"
    label = "agencies"

    def ready(self):
        from egov.core.templatetags.egov import PUBLIC, register_nav_item

        register_nav_item("agencies:directory", _("Danh bạ"), area=PUBLIC, order=50)
        register_nav_item(
            "agencies:directory", _("Danh bạ cơ quan"), order=85, description=_("Cơ quan, đơn vị và cán bộ đầu mối.")
        )
