"""Task rows left RUNNING by a killed worker are re-queued after the lease, then run once (issue 14.12)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from egov.audit.models import AuditRecord
from egov.events.tasks_lease import reclaim_stale_tasks
from egov.events.worker import Worker
from events import crash_handlers
from events.helpers import publish_now


def _abandon(row, *, seconds_ago: float, workers=("dead-worker",)) -> None:
    """What a worker killed right after its claim leaves behind."""
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(seconds=seconds_ago), worker_ids=list(workers)
    )


def _effects(event) -> int:
    return AuditRecord.objects.filter(action=crash_handlers.EFFECT, summary=str(event.id)).count()


@pytest.mark.django_db(transaction=True)
def test_a_task_stuck_running_past_the_lease_is_reclaimed_and_runs_once(settings):
    settings.EGOV_TASKS_LEASE_SECONDS = 60
    event = publish_now(crash_handlers.TOPIC)
    row = DBTaskResult.objects.get()
    _abandon(row, seconds_ago=61)

    Worker().run_once()  # the reclaim job runs first, then the task itself

    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.worker_ids[0] == "dead-worker" and len(row.worker_ids) == 2
    assert _effects(event) == 1
    Worker().run_once()
    assert _effects(event) == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_running_within_its_lease_is_left_alone(settings):
    settings.EGOV_TASKS_LEASE_SECONDS = 60
    publish_now(crash_handlers.TOPIC)
    row = DBTaskResult.objects.get()
    _abandon(row, seconds_ago=30)
    assert reclaim_stale_tasks() == (0, 0)
    row.refresh_from_db()
    assert row.status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_a_task_lost_too_many_times_is_marked_failed(settings):
    settings.EGOV_TASKS_LEASE_SECONDS = 60
    settings.EGOV_TASKS_MAX_ATTEMPTS = 2
    publish_now(crash_handlers.TOPIC)
    row = DBTaskResult.objects.get()
    _abandon(row, seconds_ago=61, workers=("w1", "w2"))
    assert reclaim_stale_tasks() == (0, 1)
    row.refresh_from_db()
    assert row.status == "FAILED" and row.finished_at is not None
    assert row.exception_class_path == "egov.events.tasks_lease.TaskLeaseExpired"
    assert "2 attempt(s)" in row.traceback
