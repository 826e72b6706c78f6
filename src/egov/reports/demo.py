"""Demo data of the reports app: the Decision 766 rules, a few province targets for this year, and the
daily facts rebuilt from the demo dossiers and documents (so the dashboards show numbers). Idempotent."""

from decimal import Decimal

from django.utils import timezone

from . import facts
from .models import Target
from .seed766 import ensure_index_rules

# indicator -> target of the year for the province (typical figures of a provincial digital-government plan)
TARGETS = {
    "dossiers.online_share": Decimal(50),
    "dossiers.full_online_share": Decimal(30),
    "dossiers.paid_online_share": Decimal(30),
    "dossiers.digitised_share": Decimal(80),
    "dossiers.e_result_share": Decimal(80),
    "dossiers.on_time_share": Decimal(95),
    "dossiers.satisfaction": Decimal(90),
    "documents.electronic_share": Decimal(80),
    "documents.signed_share": Decimal(90),
    "documents.on_time_share": Decimal(90),
}


def load_demo() -> list:
    ensure_index_rules()
    year = timezone.localdate().year
    for indicator, value in TARGETS.items():
        Target.objects.get_or_create(
            indicator=indicator,
            agency=None,
            year=year,
            defaults={"value": value, "source": "Kế hoạch chuyển đổi số của tỉnh (dữ liệu mẫu)"},
        )
    facts.rebuild()
    return []
