from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "egov.payments"
    label = "payments"
    verbose_name = _("Thanh toán trực tuyến")

    def ready(self):
        from egov.accounts.models import Role
        from egov.core.templatetags.egov import register_nav_item

        from .contrib import simulator, vnpay  # noqa: F401 (each vendor registers itself in gateways.GATEWAYS)

        register_nav_item(
            "payments:reconciliation",
            _("Đối soát thanh toán"),
            roles=(Role.ONESTOP_OFFICER, Role.AGENCY_LEADER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN),
            order=60,
            description=_("Giao dịch thanh toán trực tuyến lệch giữa cổng thanh toán và hệ thống"),
        )
