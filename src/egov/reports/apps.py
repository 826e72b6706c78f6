from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "egov.reports"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Báo cáo, chỉ số")

    def ready(self):
        from egov.core.templatetags.egov import register_nav_item

        from .views import REPORT_ROLES

        register_nav_item(
            "reports:home",
            _("Bảng điều hành"),
            roles=REPORT_ROLES,
            order=80,
            description=_("Chỉ số chính so với mục tiêu, xu hướng, xếp hạng cơ quan; tải về XLSX, PDF."),
        )
        register_nav_item(
            "reports:index766",
            _("Chỉ số 766"),
            roles=REPORT_ROLES,
            order=81,
            description=_("Chỉ số phục vụ người dân, doanh nghiệp theo Quyết định 766/QĐ-TTg."),
        )
        register_nav_item(
            "reports:definitions",
            _("Định nghĩa chỉ số"),
            roles=REPORT_ROLES,
            order=82,
            description=_("Tử số, mẫu số và nguồn số liệu của từng chỉ số."),
        )
