"""Demo certificates (``egov demo``): a demo CA and certificates for the demo officials and agencies.

Runs after the agencies' loader (INSTALLED_APPS order). Idempotent: an owner that already has a usable
certificate gets no new one. The CA key is kept under VAR_DIR/signatures/demo-ca, never in the repository.
"""

from egov.accounts.models import User
from egov.agencies.models import Agency

from . import services
from .models import Certificate

DEMO_OFFICIALS = ("giamdoc.stp", "chutich.tinh", "chutich.ankhanh")
DEMO_AGENCIES = (
    "000.00.00.H99",  # Ủy ban nhân dân tỉnh An Khánh
    "000.00.04.H99",  # Sở Tư pháp
    "000.00.20.H99",  # Trung tâm Phục vụ hành chính công tỉnh
    "000.00.31.H99",  # Ủy ban nhân dân phường An Khánh
    "000.04.31.H99",  # Trung tâm Phục vụ hành chính công phường An Khánh
)


def load_demo() -> list:
    services.issue_demo_ca()
    for user in User.objects.filter(username__in=DEMO_OFFICIALS, official__isnull=False).select_related("official"):
        if not Certificate.objects.filter(official=user.official).usable().exists():
            services.issue_certificate(official=user.official)
    for agency in Agency.objects.filter(code__in=DEMO_AGENCIES):
        if not Certificate.objects.filter(agency=agency).usable().exists():
            services.issue_certificate(agency=agency)
    return []
