"""The integration layer's reactions to events and its periodic jobs (imported by the events app)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from egov.events.periodic import every
from egov.events.registry import subscriber

from .webhooks import kinds, queue, sending, services


@subscriber(*kinds.TOPICS, name=queue.HANDLER)
def queue_webhooks(event):
    if queue.queue_event(event):
        transaction.on_commit(services.enqueue_send, robust=True)


@every(minutes=0.25, name="api.webhooks.send_due")
def send_webhooks(now):
    """Retries whose time has come, and anything a lost task left behind."""
    return sending.send_due()


@every(hours=6, name="api.webhooks.purge_delivered")
def purge_delivered(now) -> int:
    """Delivered deliveries (and their attempts) older than ``WEBHOOK_RETENTION_DAYS``; dead ones stay."""
    from .models import WebhookDelivery

    cutoff = now - timedelta(days=settings.WEBHOOK_RETENTION_DAYS)
    old = WebhookDelivery.objects.filter(state=WebhookDelivery.State.DELIVERED, delivered_at__lt=cutoff)
    return old.delete()[0]
