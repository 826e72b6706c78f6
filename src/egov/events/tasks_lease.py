"""Task rows left RUNNING by a killed worker are taken back after a lease.

django-tasks-db marks a row RUNNING (``started_at``, and the worker's id appended to ``worker_ids``) when a
worker claims it, and nothing ever looks at it again if that worker is killed (SIGKILL, out of memory, power):
the task would never run. A task that has been RUNNING for longer than ``EGOV_TASKS_LEASE_SECONDS`` is
presumed dead: it goes back to READY (and runs again on the next worker round) until it has been claimed
``EGOV_TASKS_MAX_ATTEMPTS`` times, after which it is marked FAILED with ``TaskLeaseExpired``, visible in the
admin like any failed task.

The lease must be longer than the longest task (the default, 30 minutes, is far above any task here: tasks
deliver one outbox event or convert one file). A task whose worker is merely slow and outlives the lease may
therefore run twice; the tasks of this code base are idempotent (outbox deliveries are claimed per delivery,
conversions overwrite their result), which is what makes a reclaim safe.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class TaskLeaseExpired(Exception):
    """The task was claimed by workers that all disappeared before it finished."""


def reclaim_stale_tasks(now: datetime | None = None) -> tuple[int, int]:
    """Re-queue (or fail, after the last attempt) the tasks RUNNING for longer than the lease.

    Returns ``(requeued, failed)``. Each row is locked and re-checked, so a worker that finishes the task
    meanwhile wins and the row is left alone.
    """
    from django_tasks_db.models import DBTaskResult, TaskResultStatus

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.EGOV_TASKS_LEASE_SECONDS)
    stale_ids = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).values_list("id", flat=True)
    )
    requeued = failed = 0
    for task_id in stale_ids:
        with transaction.atomic():
            row = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=task_id, status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
                .first()
            )
            if row is None:
                continue
            attempts = len(row.worker_ids or [])
            if attempts >= settings.EGOV_TASKS_MAX_ATTEMPTS:
                row.set_failed(
                    TaskLeaseExpired(
                        f"RUNNING since {row.started_at.isoformat()} on {', '.join(row.worker_ids)}; "
                        f"{attempts} attempt(s), lease {settings.EGOV_TASKS_LEASE_SECONDS} s"
                    )
                )
                failed += 1
                logger.error("Task %s (%s) failed after %d lost attempts.", row.pk, row.task_path, attempts)
            else:
                row.status = TaskResultStatus.READY
                row.save(update_fields=["status"])
                requeued += 1
                logger.warning(
                    "Task %s (%s) re-queued: its worker was lost (attempt %d).", row.pk, row.task_path, attempts
                )
    return requeued, failed
