"""The events app's own periodic job: old delivered events are purged so the outbox does not grow forever."""

from datetime import timedelta

from django.conf import settings

from .periodic import every


@every(hours=1, name="events.purge_delivered")
def purge_delivered_events(now) -> int:
    """Delete events older than ``OUTBOX_RETENTION_DAYS`` whose every delivery is done (failed and pending
    ones stay for the administrators); the audit log, not the outbox, is the permanent record."""
    from .models import Delivery, OutboxEvent

    cutoff = now - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    old = OutboxEvent.objects.filter(created_at__lt=cutoff).exclude(
        pk__in=Delivery.objects.exclude(status=Delivery.Status.DONE).values("event_id")
    )
    deleted = 0
    while True:  # in batches, so one run never holds a long lock
        batch = list(old.values_list("pk", flat=True)[:1000])
        if not batch:
            return deleted
        deleted += OutboxEvent.objects.filter(pk__in=batch).delete()[1].get("events.OutboxEvent", 0)


@every(minutes=1, name="events.reclaim_stale_tasks")
def reclaim_stale_tasks_job(now) -> tuple[int, int]:
    """Task rows left RUNNING by a worker that died (see ``tasks_lease.py``)."""
    from .tasks_lease import reclaim_stale_tasks

    return reclaim_stale_tasks(now)
