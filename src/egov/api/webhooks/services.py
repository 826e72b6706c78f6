"""Changes to subscriptions and deliveries: each one function, in one transaction with its audit record.

The signing secret is returned by ``create_subscription`` and ``rotate_secret`` to be shown once; it is never
written to the audit log.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from egov.audit.services import record

from ..models import WebhookDelivery, WebhookSubscription
from . import kinds as kinds_module
from . import queue, signing
from .sending import check_target


class WebhookError(ValueError):
    """A subscription or replay request that cannot be carried out (the message says why)."""


def _clean_kinds(kinds) -> list[str]:
    unknown = [kind for kind in kinds if kind not in kinds_module.BY_CODE]
    if unknown or not kinds:
        raise WebhookError(f"unknown or missing event kinds: {', '.join(unknown) or '—'}")
    return [kind.code for kind in kinds_module.KINDS if kind.code in kinds]


def _summary(subscription: WebhookSubscription) -> dict:
    return {
        "partner": subscription.partner.code,
        "url": subscription.url,
        "kinds": subscription.kinds,
        "is_active": subscription.is_active,
    }


def create_subscription(partner, *, url: str, kinds, actor, description: str = "") -> tuple[WebhookSubscription, str]:
    """A new subscription with a fresh secret; returns (subscription, secret to show once)."""
    check_target(url)
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            partner=partner,
            url=url,
            kinds=_clean_kinds(kinds),
            description=description,
            secret=signing.new_secret(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(actor=actor, action="api.webhook_subscribed", target=subscription, after=_summary(subscription))
    return subscription, subscription.secret


def update_subscription(subscription: WebhookSubscription, *, actor, **changes) -> WebhookSubscription:
    """Change ``url``, ``kinds``, ``description`` or ``is_active``."""
    if "url" in changes:
        check_target(changes["url"])
    if "kinds" in changes:
        changes["kinds"] = _clean_kinds(changes["kinds"])
    with transaction.atomic():
        row = WebhookSubscription.objects.select_for_update().select_related("partner").get(pk=subscription.pk)
        before = _summary(row)
        for name in ("url", "kinds", "description", "is_active"):
            if name in changes:
                setattr(row, name, changes[name])
        row.save()
        record(actor=actor, action="api.webhook_changed", target=row, before=before, after=_summary(row))
    return row


def delete_subscription(subscription: WebhookSubscription, *, actor) -> None:
    with transaction.atomic():
        before = _summary(subscription)
        record(actor=actor, action="api.webhook_deleted", target=subscription, before=before)
        subscription.delete()


def rotate_secret(subscription: WebhookSubscription, *, actor, now=None) -> str:
    """A new secret; the old one keeps signing (both signatures sent) for ``WEBHOOK_SECRET_OVERLAP_HOURS``."""
    now = now or timezone.now()
    with transaction.atomic():
        row = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        row.previous_secret = row.secret
        row.previous_secret_until = now + timedelta(hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS)
        row.secret = signing.new_secret()
        row.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
        record(
            actor=actor,
            action="api.webhook_secret_rotated",
            target=row,
            after={"previous_valid_until": row.previous_secret_until},
        )
    return row.secret


def _requeue(rows, now) -> int:
    return rows.update(
        state=WebhookDelivery.State.PENDING,
        attempts=0,
        created_at=now,  # the retry schedule (and its age limit) starts again
        next_attempt_at=now,
        locked_by="",
        locked_until=None,
    )


def replay(delivery: WebhookDelivery, *, actor, now=None) -> WebhookDelivery:
    """Send one delivery again (delivered or dead), with the same ``webhook-id``."""
    now = now or timezone.now()
    with transaction.atomic():
        row = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if row.state == WebhookDelivery.State.PENDING:
            raise WebhookError("already waiting to be sent")
        before = {"state": row.state, "attempts": row.attempts}
        _requeue(WebhookDelivery.objects.filter(pk=row.pk), now)
        record(
            actor=actor,
            action="api.webhook_replayed",
            target=row,
            before=before,
            after={"state": WebhookDelivery.State.PENDING},
            summary=f"{row.kind} {row.webhook_id}",
        )
    transaction.on_commit(enqueue_send, robust=True)
    row.refresh_from_db()
    return row


def replay_failed_since(subscription: WebhookSubscription, since, *, actor, now=None) -> int:
    """Send again every dead delivery of ``subscription`` whose event happened at or after ``since``."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = WebhookDelivery.objects.filter(
            subscription=subscription, state=WebhookDelivery.State.FAILED, event_at__gte=since
        )
        count = _requeue(rows, now)
        record(
            actor=actor,
            action="api.webhook_replayed_failed",
            target=subscription,
            after={"since": since, "count": count},
            summary=f"{count}",
        )
    transaction.on_commit(enqueue_send, robust=True)
    return count


def send_test(subscription: WebhookSubscription, *, actor, now=None) -> WebhookDelivery:
    """Queue a ``webhook.test`` ping to the subscription (whatever kinds it receives)."""
    now = now or timezone.now()
    with transaction.atomic():
        webhook_id = "msg_" + uuid.uuid4().hex
        delivery = WebhookDelivery.objects.create(
            subscription=subscription,
            webhook_id=webhook_id,
            kind=kinds_module.TEST_KIND,
            aggregate_key=f"test:{webhook_id}",
            event_at=now,
            created_at=now,
            next_attempt_at=now,
            body=queue.body(kinds_module.TEST_KIND, now, {"subscription": subscription.pk}),
        )
        record(actor=actor, action="api.webhook_test_sent", target=subscription, summary=webhook_id)
    transaction.on_commit(enqueue_send, robust=True)
    return delivery


def enqueue_send() -> None:
    from .tasks import send_webhooks

    send_webhooks.enqueue()
