"""The worker: ``egov worker --once`` in process, and real worker processes that crash or are stopped."""

import os
import signal
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from egov.audit.models import AuditRecord
from egov.audit.verify import verify_chain
from egov.events.dispatcher import deliver_due
from egov.events.models import Delivery
from egov.events.worker import Worker
from events import crash_handlers
from events.helpers import CRASH_WORKER, publish_now, subprocess_env, wait_for


def _effects(event) -> int:
    return AuditRecord.objects.filter(action=crash_handlers.EFFECT, summary=str(event.id)).count()


# The django-tasks-db worker closes the connection between tasks, so tests that run it in this
# process commit for real (transaction=True) instead of running inside a test transaction.


@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_queued_tasks_and_deliveries(capsys):
    """Default (database) task backend: the commit queues a task; ``worker --once`` runs it."""
    event = publish_now(crash_handlers.TOPIC)
    assert DBTaskResult.objects.count() == 1
    call_command("worker", "--once")
    assert _effects(event) == 1
    assert Delivery.objects.get().status == Delivery.Status.DONE
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert "Đã xử lý" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_worker_once_sweeps_without_a_task():
    """A delivery whose task was lost (or a retry coming due) is found by the sweep."""
    event = publish_now(crash_handlers.TOPIC)
    DBTaskResult.objects.all().delete()  # the task was lost
    assert Worker().run_once() == 1
    assert _effects(event) == 1


@pytest.mark.django_db
def test_worker_without_database_tasks_only_sweeps(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    worker = Worker()
    assert worker.tasks is None
    event = publish_now(crash_handlers.TOPIC)
    assert worker.run_once() == 1 and _effects(event) == 1


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_delivery_loses_nothing_and_delivers_once(tmp_path):
    event = publish_now(crash_handlers.TOPIC, payload={"n": 1})  # commit queues a dispatch task
    child = subprocess.Popen(
        [sys.executable, CRASH_WORKER, "--once"],
        env=subprocess_env(EGOV_TEST_CRASH_DIR=tmp_path, EGOV_OUTBOX_LEASE_SECONDS=1),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        started = wait_for(lambda: (tmp_path / "started").exists() or child.poll() is not None)
        assert started and child.poll() is None, child.communicate()[0].decode(errors="replace")
        os.kill(child.pid, signal.SIGKILL)  # mid-delivery: the handler's transaction is open
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    delivery = Delivery.objects.get(event=event)
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert delivery.locked_by  # the dead worker's lease is still there
    assert _effects(event) == 0  # its transaction died with it

    assert wait_for(lambda: timezone.now() > delivery.locked_until, timeout=10)
    assert deliver_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DONE and delivery.attempts == 2
    assert _effects(event) == 1
    assert deliver_due() == 0 and _effects(event) == 1
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_running_worker_delivers_and_stops_cleanly_on_sigterm():
    event = publish_now(crash_handlers.TOPIC)
    child = subprocess.Popen(
        [sys.executable, CRASH_WORKER, "--interval", "0.1", "--sweep-interval", "0.2"],
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: _effects(event) == 1 or child.poll() is not None), "nothing delivered"
        assert child.poll() is None, child.communicate()
        child.send_signal(signal.SIGTERM)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err
    assert "đang chạy" in out and "đã dừng" in out
    assert Delivery.objects.get(event=event).status == Delivery.Status.DONE
