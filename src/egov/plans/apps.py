from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "egov.plans"
    label = "plans"
    verbose_name = _("Kế hoạch CNTT và báo cáo định kỳ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import files

        files.register()
        from egov.core.templatetags.egov import register_nav_item

        register_nav_item(
            "plans:plan-list",
            _("Kế hoạch ứng dụng CNTT"),
            order=70,
            description=_("Chỉ tiêu, kết quả thực hiện so với mục tiêu, dự án và kinh phí."),
        )
        register_nav_item(
            "plans:report-list",
            _("Báo cáo định kỳ"),
            order=71,
            description=_("Báo cáo theo Nghị định 09/2019: đơn vị nhập, gửi; Sở phụ trách CNTT duyệt, tổng hợp."),
        )
