"""From outbox events to webhook deliveries (the outbox handler ``api.webhooks.queue``, see api/handlers.py).

The handler only writes rows, in the outbox delivery's transaction, so an event is queued exactly once. It
queues one delivery per (subscription, kind) for the active subscriptions of active partners whose agencies
include the event's agency (or one above it). An event whose earlier events of the same object are not
queued yet waits (``NotYet`` is raised and the outbox retries it), so deliveries of one object are queued,
and later sent, in the order the events happened.
"""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder

from egov.agencies.models import Agency
from egov.events.models import Delivery, OutboxEvent

from ..models import WebhookDelivery, WebhookSubscription
from . import kinds as kinds_module

HANDLER = "api.webhooks.queue"
ID_NAMESPACE = uuid.UUID("6f1d6c2e-1f4b-4f39-9a57-0c0de0a4b0c1")


class NotYet(RuntimeError):
    """An earlier event of the same object is not queued yet; this one is retried after it."""


def webhook_id(event_id, subscription_id: int, kind: str) -> str:
    """The ``webhook-id``: derived from (event, subscription, kind), so it never changes across retries."""
    return "msg_" + uuid.uuid5(ID_NAMESPACE, f"{event_id}:{subscription_id}:{kind}").hex


def aggregate_key(event: OutboxEvent) -> str:
    if event.aggregate_type:
        return f"{event.aggregate_type}:{event.aggregate_id}"[:170]
    return f"event:{event.pk}"


def body(kind: str, at, data: dict) -> str:
    """The JSON body ``{type, timestamp, data}``, compact, the exact text that is signed and sent."""
    document = {"type": kind, "timestamp": at.isoformat().replace("+00:00", "Z"), "data": data}
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def subscriptions_for(agency: Agency):
    """Active subscriptions of active partners allowed to see ``agency`` (one of their agencies is it or above)."""
    subscriptions = (
        WebhookSubscription.objects.filter(is_active=True, partner__is_active=True)
        .select_related("partner")
        .prefetch_related("partner__agencies")
    )
    return [
        subscription
        for subscription in subscriptions
        if any(agency.path.startswith(allowed.path) for allowed in subscription.partner.agencies.all())
    ]


def queue_event(event: OutboxEvent) -> list[WebhookDelivery]:
    payload = event.payload or {}
    kinds = kinds_module.kinds_for(event.topic, payload)
    if not kinds or not WebhookSubscription.objects.filter(is_active=True).exists():
        return []  # the common case costs one indexed query
    agency_id = payload.get(kinds[0].agency_field)
    agency = Agency.objects.filter(pk=agency_id).only("pk", "path", "code").first() if agency_id else None
    if agency is None:
        return []
    subscriptions = subscriptions_for(agency)
    if not subscriptions:
        return []
    if event.aggregate_type:
        earlier = Delivery.objects.filter(
            handler=HANDLER,
            status=Delivery.Status.PENDING,
            event__aggregate_type=event.aggregate_type,
            event__aggregate_id=event.aggregate_id,
            event__created_at__lt=event.created_at,
        )
        if earlier.exists():
            raise NotYet(f"an earlier event of {event.aggregate_type} {event.aggregate_id} is not queued yet")
    key = aggregate_key(event)
    rows = [
        WebhookDelivery(
            subscription=subscription,
            webhook_id=webhook_id(event.pk, subscription.pk, kind.code),
            kind=kind.code,
            event_id=event.pk,
            aggregate_key=key,
            event_at=event.created_at,
            body=body(kind.code, event.created_at, kinds_module.data_for(kind, event, agency.code)),
            next_attempt_at=event.created_at,
        )
        for subscription in subscriptions
        for kind in kinds
        if kind.code in (subscription.kinds or [])
    ]
    return WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
