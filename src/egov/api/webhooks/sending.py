"""Sending webhook deliveries from the worker: leases, the retry schedule, order per object, SSRF guard.

- ``claim`` leases due deliveries that head their queue: a pending delivery is held back while an earlier
  delivery of the same object (``aggregate_key``) to the same subscription is still pending. A delivered
  or dead one no longer holds the next back.
- ``send_one`` signs and POSTs one delivery outside any transaction (timeout ``WEBHOOK_TIMEOUT_SECONDS``, no
  redirects followed), then records the attempt. A 2xx answer delivers it; anything else is retried after
  ``WEBHOOK_RETRY_SCHEDULE`` (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h) until the delivery is
  older than ``WEBHOOK_MAX_AGE_HOURS``: then it is dead (``failed``), shown on its log, and may be replayed.
- ``check_target`` refuses URLs whose host resolves to a private, loopback, link-local, reserved or
  multicast address unless ``WEBHOOK_ALLOW_PRIVATE_TARGETS`` (tests and the demo); the request then connects
  to the address that was checked (no second DNS lookup).

Every function takes ``now`` so that tests run the schedule on a fake clock.
"""

import http.client
import ipaddress
import logging
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from egov.events.dispatcher import default_worker_id

from ..models import WebhookAttempt, WebhookDelivery
from . import signing

logger = logging.getLogger(__name__)

BATCH = 20
EXCERPT_CHARS = 1000
USER_AGENT = "egov-webhooks/1"


class UnsafeTarget(ValueError):
    """The URL's host is (or resolves to) an address partners may not point webhooks at."""


# --- the schedule ---------------------------------------------------------------------------------------------


def next_delay(attempts: int) -> timedelta:
    """Wait after ``attempts`` failed attempts (1 → the first entry of the schedule; the last one repeats)."""
    schedule = settings.WEBHOOK_RETRY_SCHEDULE or [36000]
    return timedelta(seconds=schedule[min(max(attempts, 1), len(schedule)) - 1])


def next_attempt(delivery: WebhookDelivery, now):
    """When to try again after a failure at ``now``; None when the delivery is too old: it is dead."""
    at = now + next_delay(delivery.attempts)
    if at > delivery.created_at + timedelta(hours=settings.WEBHOOK_MAX_AGE_HOURS):
        return None
    return at


# --- the SSRF guard -------------------------------------------------------------------------------------------


def check_target(url: str) -> str | None:
    """Raise ``UnsafeTarget`` unless ``url`` is http(s) to a public address (or private ones are allowed).

    Returns the address the request must connect to (the one checked, so a DNS answer that changes between the
    check and the connection cannot lead inside the network), or None when private targets are allowed.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget(_("Địa chỉ nhận phải là http:// hoặc https://."))
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError, ValueError):
        raise UnsafeTarget(_("Không phân giải được tên máy chủ nhận."))
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    for address in addresses:
        if not address.is_global or address.is_multicast:
            raise UnsafeTarget(
                _("Địa chỉ nhận trỏ tới mạng nội bộ (%(address)s): không được phép.") % {"address": address}
            )
    if not addresses:
        raise UnsafeTarget(_("Không phân giải được tên máy chủ nhận."))
    return str(addresses[0])


# --- claiming -------------------------------------------------------------------------------------------------


def due(now):
    """Pending deliveries whose time has come, of active subscriptions and partners, that no lease holds."""
    return WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING,
        next_attempt_at__lte=now,
        subscription__is_active=True,
        subscription__partner__is_active=True,
    ).filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))


def heads(queryset):
    """Only the deliveries with no earlier pending delivery of the same object to the same subscription."""
    earlier = WebhookDelivery.objects.filter(
        subscription=OuterRef("subscription"),
        aggregate_key=OuterRef("aggregate_key"),
        state=WebhookDelivery.State.PENDING,
    ).filter(Q(event_at__lt=OuterRef("event_at")) | Q(event_at=OuterRef("event_at"), pk__lt=OuterRef("pk")))
    return queryset.filter(~Exists(earlier))


def claim(worker: str, now, *, limit: int = BATCH) -> list[WebhookDelivery]:
    """Lease up to ``limit`` due deliveries heading their queues, at most one per (subscription, object)."""
    candidates = heads(due(now)).order_by("next_attempt_at", "pk").values_list("pk", "subscription_id", "aggregate_key")
    picked, seen = [], set()
    for pk, subscription_id, key in candidates[: limit * 5]:
        if (subscription_id, key) not in seen:
            seen.add((subscription_id, key))
            picked.append(pk)
        if len(picked) >= limit:
            break
    if not picked:
        return []
    lease = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due(now).filter(pk__in=picked).update(locked_by=worker, locked_until=lease, attempts=F("attempts") + 1)
    return list(
        WebhookDelivery.objects.filter(pk__in=picked, locked_by=worker)
        .select_related("subscription")
        .order_by("next_attempt_at", "pk")
    )


# --- sending --------------------------------------------------------------------------------------------------


def post(url: str, body: str, headers: dict, timeout: float, *, address: str | None = None) -> tuple[int, str]:
    """POST and return (status code, start of the answer); raises OSError on a network failure.

    ``address``: connect there instead of resolving the host again (TLS still checks the host's certificate).
    Redirects are not followed: a 3xx is an answer like any other non-2xx (it could point inside the network).
    """
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=timeout)
    if address:
        connection._create_connection = lambda target, *args, **kwargs: socket.create_connection(
            (address, target[1]), *args, **kwargs
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "POST",
            path,
            body=body.encode(),
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        return response.status, response.read(EXCERPT_CHARS).decode("utf-8", "replace")
    except http.client.HTTPException as exc:  # a malformed answer
        raise OSError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        connection.close()


def send_one(delivery: WebhookDelivery, now) -> bool:
    """Send a claimed delivery and record the attempt; True when the partner answered 2xx."""
    subscription = delivery.subscription
    started = time.monotonic()
    status, excerpt, error = None, "", ""
    try:
        address = check_target(subscription.url)
        timestamp = int(now.timestamp())
        headers = signing.headers(subscription.signing_secrets(now), delivery.webhook_id, timestamp, delivery.body)
        status, excerpt = post(
            subscription.url, delivery.body, headers, settings.WEBHOOK_TIMEOUT_SECONDS, address=address
        )
        if not 200 <= status < 300:
            error = _("Trả lời HTTP %(status)s.") % {"status": status}
    except UnsafeTarget as exc:
        error = str(exc)
    except (OSError, ValueError) as exc:  # refused, timed out, unreachable, bad URL
        error = f"{type(exc).__name__}: {exc}"
    _finish(delivery, now, ok=not error, status=status, excerpt=excerpt, error=error, started=started)
    return not error


def _finish(delivery, now, *, ok, status, excerpt, error, started) -> None:
    retry_at = None if ok else next_attempt(delivery, now)
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            at=now,
            duration_ms=int((time.monotonic() - started) * 1000),
            ok=ok,
            status_code=status,
            error=error[:500],
            response_excerpt=excerpt[:EXCERPT_CHARS],
            next_attempt_at=retry_at,
        )
        changes = {"last_status": status, "last_error": error[:500]}
        if ok:
            changes |= {"state": WebhookDelivery.State.DELIVERED, "delivered_at": now}
        elif retry_at is None:
            changes |= {"state": WebhookDelivery.State.FAILED}
        else:
            changes |= {"next_attempt_at": retry_at}
        held = WebhookDelivery.objects.filter(
            pk=delivery.pk, locked_by=delivery.locked_by, state=WebhookDelivery.State.PENDING
        )
        held.update(locked_by="", locked_until=None, **changes)


def send_due(*, now=None, limit: int | None = None, worker: str | None = None) -> int:
    """Send every delivery that may go at ``now`` (at most ``limit``); returns how many were attempted.

    A delivery that fails is not tried again in the same pass (its next time is in the future), and the next
    delivery of the same object waits for it, so one pass never sends an object's deliveries out of order.
    """
    worker = f"{(worker or default_worker_id())[:60]}#{get_random_string(8)}"
    count = 0
    while limit is None or count < limit:
        current = now or timezone.now()
        batch = claim(worker, current, limit=BATCH if limit is None else min(BATCH, limit - count))
        if not batch:
            break
        for delivery in batch:
            at = now or timezone.now()
            if _renew(delivery, at):  # a batch sent slowly never sends a delivery whose lease ran out
                send_one(delivery, at)
            count += 1
    return count


def _renew(delivery: WebhookDelivery, now) -> bool:
    until = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    held = WebhookDelivery.objects.filter(
        pk=delivery.pk, locked_by=delivery.locked_by, state=WebhookDelivery.State.PENDING
    )
    return bool(held.update(locked_until=until))
