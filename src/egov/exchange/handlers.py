"""Reactions to document events: send issued documents and revokes to external recipients, and answer the
sender of a received document with status messages as the clerk and the handlers act on it."""

from django.conf import settings

from egov.accounts.models import User
from egov.documents.models import OutgoingDocument
from egov.events.periodic import every
from egov.events.registry import subscriber

from . import services
from .edxml import StatusCode
from .lgsp import client as lgsp_client
from .lgsp import services as lgsp_services
from .models import ExchangeMessage

# document.incoming.<action> → the status code sent back; "once" codes are sent only the first time.
STATUS_FOR_ACTION = {
    "arrive": StatusCode.ARRIVED,
    "register": StatusCode.ACCEPTED,
    "assign": StatusCode.ASSIGNED,
    "record_progress": StatusCode.PROCESSING,
    "mark_done": StatusCode.DONE,
    "recall": StatusCode.REVOKE_AGREED,
}
ONCE = {StatusCode.PROCESSING, StatusCode.ASSIGNED}


@every(minutes=1, name="exchange.send_due")
def send_due_messages(now) -> int:
    """Send the messages whose (re)try time has come; failures wait ``backoff(attempts)`` before the next."""
    return services.send_due(now=now)


@every(minutes=settings.EXCHANGE_LGSP_POLL_MINUTES, name="exchange.lgsp_poll")
def poll_lgsp(now) -> dict | None:
    """Take in what waits for our OrganIds on the provincial LGSP (exactly once) and acknowledge it."""
    if not (lgsp_client.configured() and settings.EXCHANGE_LGSP_ORGAN_IDS):
        return None
    return lgsp_services.poll().as_dict()


@subscriber("document.outgoing.issue", name="exchange.send_issued")
def send_issued(event):
    document = OutgoingDocument.objects.select_related("agency", "document_type").get(pk=event.aggregate_id)
    services.send_document(document, now=event.created_at)


@subscriber("document.outgoing.recall", name="exchange.send_revoke")
def send_revoke(event):
    document = OutgoingDocument.objects.select_related("agency", "document_type").get(pk=event.aggregate_id)
    services.revoke_document(document, reason=document.recall_reason, now=event.created_at)


@subscriber("exchange.message.queued", name="exchange.send")
def send(event):
    services.attempt(int(event.aggregate_id))


@subscriber("document.incoming.*", name="exchange.answer_sender")
def answer_sender(event):
    action = event.topic.rsplit(".", 1)[-1]
    code = STATUS_FOR_ACTION.get(action)
    if code is None:
        return
    received = (
        ExchangeMessage.objects.filter(
            direction=ExchangeMessage.Direction.IN, kind="document", business_type="new", incoming_id=event.aggregate_id
        )
        .select_related("peer", "local_agency", "incoming")
        .first()
    )
    if received is None:
        return  # not a document received through the exchange
    staff = ""
    if event.actor_id:
        user = User.objects.filter(pk=event.actor_id).first()
        staff = (user.full_name or user.username) if user else ""
    services.send_status(received, code.value, staff=staff, now=event.created_at, once=code in ONCE)
