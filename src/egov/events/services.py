"""Publishing events and retrying deliveries."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from egov.audit import services as audit
from egov.core.middleware import current_request_id

from .models import Delivery, OutboxEvent
from .registry import registry

TOPIC_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


class NotInTransactionError(RuntimeError):
    """``publish`` was called outside ``transaction.atomic()``."""


def publish(topic: str, *, aggregate=None, payload: dict | None = None, actor=None) -> OutboxEvent:
    """Store an event and one pending delivery per subscribed handler, in the caller's transaction.

    ``aggregate``: the model instance the event is about, or a ``(type, id)`` pair. ``payload``: a
    JSON-able dict (dates, decimals and UUIDs are written as strings). The handlers run after the
    transaction commits; if it rolls back, the event never existed.
    """
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransactionError("events.publish() must be called inside transaction.atomic().")
    if not isinstance(topic, str) or len(topic) > 100 or not TOPIC_RE.match(topic):
        raise ValueError(f"Invalid event topic: {topic!r} (expected e.g. 'dossier.received').")
    aggregate_type, aggregate_id = _aggregate(aggregate)
    event = OutboxEvent.objects.create(
        topic=topic,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        payload=_json(payload),
        actor_id=actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None,
        request_id=current_request_id()[:64],
    )
    handlers = registry.handlers_for(topic)
    key = aggregate_key(aggregate_type, aggregate_id)
    Delivery.objects.bulk_create(
        [Delivery(event=event, handler=h.name, aggregate_key=key, next_attempt_at=event.created_at) for h in handlers]
    )
    if handlers:
        transaction.on_commit(enqueue_dispatch, robust=True)
    return event


def retry_delivery(delivery_id: int, *, actor) -> Delivery:
    """Put a failed (or waiting) delivery back in the queue now, with a fresh count of attempts."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("event").get(pk=delivery_id)
        if not delivery.can_retry:
            raise ValueError("A delivered event cannot be retried.")
        before = {"status": delivery.status, "attempts": delivery.attempts}
        delivery.status = Delivery.Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit.record(
            actor=actor,
            action="events.delivery_retried",
            target=delivery,
            before=before,
            after={"status": delivery.status, "attempts": 0},
            summary=f"{delivery.event.topic} → {delivery.handler}",
        )
        transaction.on_commit(enqueue_dispatch, robust=True)
    return delivery


def enqueue_dispatch() -> None:
    """Ask the task backend to run the dispatcher (the worker's sweep catches up if this is lost)."""
    from .tasks import dispatch_due

    dispatch_due.enqueue()


def _json(payload) -> dict:
    """The payload as handlers will read it back from the database."""
    if payload is not None and not isinstance(payload, dict):
        raise TypeError("An event payload must be a dict.")
    return json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))


def aggregate_key(aggregate_type: str, aggregate_id: str) -> str:
    """What a delivery stores to keep one handler's events of one aggregate in order ("" for no aggregate)."""
    return f"{aggregate_type}:{aggregate_id}"[:200] if aggregate_type or aggregate_id else ""


def _aggregate(aggregate) -> tuple[str, str]:
    if aggregate is None:
        return "", ""
    if isinstance(aggregate, tuple):
        kind, pk = aggregate
        return str(kind), str(pk)[:64]
    return aggregate._meta.label_lower, str(aggregate.pk)[:64]
