"""The dispatcher: claim a due delivery with a lease, run its handler, mark it done, retry on error.

Guarantees (see docs/events.md):
- at least once: a delivery stays pending until a handler run commits; a worker that dies leaves a
  lease that expires (``OUTBOX_LEASE_SECONDS``), after which any worker claims it again;
- the handler's database changes and the "done" mark commit together, and the mark is conditional
  on still holding the lease, so a run whose lease was taken over rolls back: database effects
  happen exactly once;
- a failing handler is retried with exponential back-off; after ``OUTBOX_MAX_ATTEMPTS`` runs
  (a run cut short by a crash counts) the delivery is marked failed and shown to administrators.
"""

import logging
import os
import socket
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from .models import Delivery
from .registry import registry

logger = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 10
BACKOFF_MAX_SECONDS = 3600
ERROR_MAX_CHARS = 4000


class LeaseLost(Exception):
    """Another worker took the delivery over while this one was running it."""


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after ``attempts`` failed runs: 10 s, 20 s, 40 s... at most 1 hour."""
    base = getattr(settings, "OUTBOX_BACKOFF_SECONDS", BACKOFF_BASE_SECONDS)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def deliver_due(*, worker_id: str | None = None, limit: int | None = None, keep_going=None) -> int:
    """Run every delivery due now (at most ``limit``; stop early when ``keep_going()`` is false).

    Returns how many were run.
    """
    worker_id = worker_id or default_worker_id()
    started = timezone.now()  # a delivery rescheduled during this pass waits for the next one
    count = 0
    while (limit is None or count < limit) and (keep_going is None or keep_going()):
        delivery = claim_next(worker_id, due_by=started)
        if delivery is None:
            break
        deliver(delivery)
        count += 1
    return count


def claim_next(worker_id: str, *, due_by=None) -> Delivery | None:
    """Take the lease of the oldest due delivery and count the attempt; None when nothing is due.

    The lease holder is ``worker_id`` plus a random token, unique to this claim, so that two threads
    of one process never mistake each other's lease for their own.
    """
    now = timezone.now()
    due = Delivery.objects.due(now, due_by=due_by).order_by("next_attempt_at", "pk")
    lease = {
        "locked_by": f"{worker_id[:55]}#{get_random_string(8)}",
        "locked_until": now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
        "attempts": F("attempts") + 1,
    }
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            pk = due.select_for_update(skip_locked=True).values_list("pk", flat=True).first()
            if pk is None:
                return None
            Delivery.objects.filter(pk=pk).update(**lease)
    else:
        pk = _claim_by_conditional_update(due, lease)
        if pk is None:
            return None
    return Delivery.objects.select_related("event").get(pk=pk)


def _claim_by_conditional_update(due, lease) -> int | None:
    """SQLite: no row locks, but an UPDATE that re-checks "due" claims a row for one worker only."""
    while True:
        pk = due.values_list("pk", flat=True).first()
        if pk is None:
            return None
        if due.filter(pk=pk).update(**lease):
            return pk


def deliver(delivery: Delivery) -> bool:
    """Run the handler of a delivery claimed by ``claim_next``; True when it was marked done."""
    if delivery.attempts > settings.OUTBOX_MAX_ATTEMPTS:
        _finish(
            delivery, status=Delivery.Status.FAILED, last_error=_("Tiến trình xử lý bị dừng giữa chừng quá nhiều lần.")
        )
        return False
    handler = registry.get(delivery.handler)
    try:
        with transaction.atomic():
            if handler is None:
                raise LookupError(_("Không có bộ xử lý sự kiện nào tên %(name)s.") % {"name": delivery.handler})
            handler.func(delivery.event)
            if not _finish(delivery, status=Delivery.Status.DONE, delivered_at=timezone.now(), last_error=""):
                raise LeaseLost
    except LeaseLost:
        logger.warning("Delivery %s was taken over by another worker; this run was rolled back.", delivery.pk)
        return False
    except Exception as exc:
        logger.warning("Event handler %s failed on event %s: %s", delivery.handler, delivery.event_id, exc)
        _record_failure(delivery, exc)
        return False
    return True


def _record_failure(delivery: Delivery, exc: Exception) -> None:
    message = f"{type(exc).__name__}: {exc}"[: ERROR_MAX_CHARS // 2]
    error = message + "\n\n" + "".join(traceback.format_exception(exc))[-(ERROR_MAX_CHARS // 2) :]
    if delivery.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        _finish(delivery, status=Delivery.Status.FAILED, last_error=error)
    else:
        _finish(
            delivery,
            status=Delivery.Status.PENDING,
            last_error=error,
            next_attempt_at=timezone.now() + backoff(delivery.attempts),
        )


def _finish(delivery: Delivery, **changes) -> bool:
    """Release the lease with ``changes``, only if this claim still holds it."""
    held = Delivery.objects.filter(pk=delivery.pk, locked_by=delivery.locked_by, status=Delivery.Status.PENDING)
    return bool(held.update(locked_by="", locked_until=None, **changes))
