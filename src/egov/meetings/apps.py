from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "egov.meetings"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Lịch công tác")

    def ready(self):
        from egov.core.templatetags.egov import PUBLIC, register_nav_item

        from .transitions import EDITORS

        register_nav_item("meetings:schedule", _("Lịch công tác"), area=PUBLIC, order=63)
        register_nav_item(
            "meetings:staff-schedules",
            _("Lịch công tác"),
            roles=tuple(EDITORS),
            order=62,
            description=_("Nhập, công bố lịch công tác tuần của lãnh đạo; màn hình sảnh."),
        )
