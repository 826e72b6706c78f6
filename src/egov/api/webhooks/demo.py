"""Demo data (``egov demo`` turns the local receiver on): a partner — the Sở Tư pháp's civil-status software —
subscribed to every event kind, its endpoint the receiver at ``/mo-phong/webhook-receiver/``. The worker then
delivers the events of the demo's Sở Tư pháp dossiers, and the receiver page shows them, signatures checked."""

from django.conf import settings

from egov.agencies.models import Agency

from ..models import Partner, WebhookSubscription
from . import kinds, services

PARTNER_CODE = "demo-ho-tich"
AGENCY_CODE = "000.00.04.H99"  # Sở Tư pháp of the demo province


def load_demo() -> list:
    if (
        not settings.WEBHOOK_RECEIVER_SIMULATOR
        or WebhookSubscription.objects.filter(partner__code=PARTNER_CODE).exists()
    ):
        return []
    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency is None:
        return []  # not the demo province
    partner, _created = Partner.objects.get_or_create(
        code=PARTNER_CODE,
        defaults={"name": "Phần mềm hộ tịch (đối tác mẫu)", "contact_email": "hotich@example.invalid"},
    )
    partner.agencies.add(agency)
    services.create_subscription(
        partner,
        url=settings.WEBHOOK_DEMO_RECEIVER_URL,
        kinds=[kind.code for kind in kinds.KINDS],
        description="Nơi nhận mô phỏng của bản demo",
        actor=None,
    )
    return []
