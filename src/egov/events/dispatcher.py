"""The dispatcher: claim due deliveries in batches with a lease, run their handlers, mark them done, retry.

Guarantees (see docs/events.md):
- at least once: a delivery stays pending until a handler run commits; a worker that dies leaves a
  lease that expires (``OUTBOX_LEASE_SECONDS``), after which any worker claims it again;
- the handler's database changes and the "done" mark commit together, and the mark is conditional
  on still holding the lease, so a run whose lease was taken over rolls back: database effects
  happen exactly once;
- a failing handler is retried with exponential back-off; after ``OUTBOX_MAX_ATTEMPTS`` runs
  (a run cut short by a crash counts) the delivery is marked failed and shown to administrators;
- per-aggregate order: a handler gets the events of one aggregate one at a time, in order (``in_order``).
"""

import logging
import os
import socket
import time
import traceback
from collections import deque
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
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


def deliver_due(
    *, worker_id: str | None = None, limit: int | None = None, keep_going=None, batch_size: int | None = None
) -> int:
    """Run every delivery due now (at most ``limit``; stop early when ``keep_going()`` is false).

    Deliveries are claimed ``batch_size`` (``OUTBOX_BATCH_SIZE``) at a time and run by ``deliver_batch``.
    Returns how many were run.
    """
    worker_id = worker_id or default_worker_id()
    size = batch_size or settings.OUTBOX_BATCH_SIZE
    started = timezone.now()  # a delivery rescheduled during this pass waits for the next one
    count = 0
    while (limit is None or count < limit) and (keep_going is None or keep_going()):
        batch = claim_batch(worker_id, limit=size if limit is None else min(size, limit - count), due_by=started)
        if not batch:
            break
        ran = deliver_batch(batch, keep_going=keep_going)
        count += ran
        if ran < len(batch):  # asked to stop: the rest of the batch was released
            break
    return count


def in_order():
    """Deliveries that are the oldest undelivered one of their handler for their aggregate.

    Per-aggregate order: a handler never gets an event about X while an earlier event about X is still
    pending (or retrying, or failed and waiting for an administrator) for that handler. "Earlier" is the
    delivery's id, i.e. the order of the inserts; writers of one aggregate lock its row, so that is also
    the order of their commits. Events without an aggregate are not ordered.
    """
    earlier = Delivery.objects.filter(
        handler=OuterRef("handler"), aggregate_key=OuterRef("aggregate_key"), pk__lt=OuterRef("pk")
    ).exclude(status=Delivery.Status.DONE)
    return Q(aggregate_key="") | ~Exists(earlier)


def claim_batch(worker_id: str, *, limit: int = 1, due_by=None) -> list[Delivery]:
    """Lease up to ``limit`` due deliveries, oldest first, and count an attempt for each; [] when none.

    Three round trips whatever ``limit``: the ids are picked, leased with one conditional UPDATE (it
    re-checks that each is still due and free, so two workers never hold one delivery), then read back
    with their events. On PostgreSQL the pick is ``SELECT ... FOR UPDATE SKIP LOCKED LIMIT n``, so
    concurrent workers take disjoint batches instead of colliding; on SQLite the claim's transaction
    holds the database's write lock (``BEGIN IMMEDIATE``), which serialises the claims.

    At most one delivery per (handler, aggregate) is ever due (``in_order``), so a batch keeps the order.
    The lease holder is ``worker_id`` plus a random token unique to this claim, so that two threads of
    one process never mistake each other's lease for their own.
    """
    now = timezone.now()
    token = f"{worker_id[:55]}#{get_random_string(8)}"
    due = Delivery.objects.due(now, due_by=due_by).filter(in_order()).order_by("next_attempt_at", "pk")
    lease = {
        "locked_by": token,
        "locked_until": now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
        "attempts": F("attempts") + 1,
    }
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _prefer_ordered_scan()
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        pks = list(due.values_list("pk", flat=True)[:limit])
        if not pks or not Delivery.objects.due(now).filter(pk__in=pks).update(**lease):
            return []
    claimed = Delivery.objects.filter(pk__in=pks, locked_by=token).select_related("event")
    return list(claimed.order_by("next_attempt_at", "pk"))


def _prefer_ordered_scan() -> None:
    """For this transaction, walk the pending-queue index in order and stop at the batch size.

    After a burst the statistics lag (the table looks small); the planner then prefers a bitmap scan of
    every pending row, running the order check on each, and a sort: seconds per claim at 100,000 rows.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)")


def claim_next(worker_id: str, *, due_by=None) -> Delivery | None:
    """Lease the oldest due delivery (``claim_batch`` of one); None when nothing is due."""
    batch = claim_batch(worker_id, limit=1, due_by=due_by)
    return batch[0] if batch else None


def deliver_batch(batch: list[Delivery], *, keep_going=None) -> int:
    """Run the handlers of claimed deliveries, several in one transaction; return how many were run.

    Handlers run one after the other inside one transaction for up to ``OUTBOX_BATCH_SECONDS``, which
    ends with one UPDATE marking them all done (conditional on still holding their leases) and one
    commit. If a handler raises, that transaction is rolled back, the failure is recorded for that
    delivery alone and the others run again; if a lease was lost, each runs alone (``deliver``). Either
    way the effects of a handler commit exactly with its done mark. ``keep_going()`` is asked before
    each delivery but the first; when it is false the deliveries not run yet are released (their
    attempt uncounted).
    """
    queue = deque()
    for delivery in batch:
        if delivery.attempts > settings.OUTBOX_MAX_ATTEMPTS:
            deliver(delivery)  # marked failed without running
        else:
            queue.append(delivery)
    ran = len(batch) - len(queue)
    first, stopped = True, False
    while queue and not stopped:
        chunk: list[Delivery] = []
        current = None
        try:
            with transaction.atomic():
                started = time.monotonic()
                while queue and (not chunk or time.monotonic() - started < settings.OUTBOX_BATCH_SECONDS):
                    if not first and keep_going is not None and not keep_going():
                        stopped = True
                        break
                    first, current = False, queue[0]
                    _run(current)
                    chunk.append(queue.popleft())
                    current = None
                if chunk and not _mark_done(chunk):
                    raise LeaseLost
        except Exception as exc:
            if current is None:  # a lease was lost (or the mark failed): each one alone checks its own
                for delivery in chunk:
                    deliver(delivery)
                ran += len(chunk)
                continue
            queue.popleft()
            logger.warning("Event handler %s failed on event %s: %s", current.handler, current.event_id, exc)
            _record_failure(current, exc)
            queue.extendleft(reversed(chunk))  # rolled back with it: they run again
            ran += 1
            continue
        ran += len(chunk)
    if queue:  # asked to stop
        _release(queue)
    return ran


def _run(delivery: Delivery) -> None:
    handler = registry.get(delivery.handler)
    if handler is None:
        raise LookupError(_("Không có bộ xử lý sự kiện nào tên %(name)s.") % {"name": delivery.handler})
    handler.func(delivery.event)


def _mark_done(chunk: list[Delivery]) -> bool:
    """One UPDATE for the whole chunk; False if any lease was lost meanwhile (the caller rolls back)."""
    held = Delivery.objects.filter(
        pk__in=[d.pk for d in chunk], locked_by__in={d.locked_by for d in chunk}, status=Delivery.Status.PENDING
    )
    done = held.update(
        status=Delivery.Status.DONE, delivered_at=timezone.now(), last_error="", locked_by="", locked_until=None
    )
    return done == len(chunk)


def _release(deliveries) -> None:
    """Give back claimed deliveries that were not run (a stopping worker), without counting the attempt."""
    for delivery in deliveries:
        Delivery.objects.filter(pk=delivery.pk, locked_by=delivery.locked_by, status=Delivery.Status.PENDING).update(
            locked_by="", locked_until=None, attempts=F("attempts") - 1
        )


def deliver(delivery: Delivery) -> bool:
    """Run the handler of a delivery claimed by ``claim_next``; True when it was marked done."""
    if delivery.attempts > settings.OUTBOX_MAX_ATTEMPTS:
        _finish(
            delivery, status=Delivery.Status.FAILED, last_error=_("Tiến trình xử lý bị dừng giữa chừng quá nhiều lần.")
        )
        return False
    try:
        with transaction.atomic():
            _run(delivery)
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
