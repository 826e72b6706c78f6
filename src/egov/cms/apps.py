from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "egov.cms"
    label = "cms"
    verbose_name = _("Cổng thông tin điện tử")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import files

        files.register()
        from egov.core.templatetags.egov import PUBLIC, register_nav_item, register_panel
        from egov.core.views import register_home_view

        from . import signals
        from .views.pages import portal_home
        from .views.staff import outgoing_panel_context

        signals.connect()
        register_home_view(portal_home)
        register_panel("documents.outgoing_detail", "cms/panels/outgoing_publish.html", context=outgoing_panel_context)
        register_nav_item("cms:legal-list", _("Văn bản pháp luật"), area=PUBLIC, order=40)
        register_nav_item("cms:gazette-list", _("Công báo"), area=PUBLIC, order=41)
        register_nav_item("cms:procurement-list", _("Đấu thầu, dự án"), area=PUBLIC, order=42)
        register_nav_item(
            "wagtailadmin_home",
            _("Quản trị cổng thông tin"),
            order=80,
            description=_("Soạn, duyệt và xuất bản tin bài, trang giới thiệu của cổng và trang thành phần."),
        )
        register_nav_item(
            "cms:stats",
            _("Lượt xem cổng thông tin"),
            order=81,
            description=_("Lượt xem theo trang thông tin và theo tin bài, không theo dõi người xem."),
        )
