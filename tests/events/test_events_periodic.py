from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from egov.events import periodic
from egov.events.handlers import purge_delivered_events
from egov.events.models import Delivery, OutboxEvent, PeriodicJob
from egov.events.services import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter():
    calls = []
    with periodic.JOBS.override():
        periodic.every(minutes=10, name="test.counter")(lambda now: calls.append(now))
        yield calls


def test_a_job_runs_once_per_interval_whatever_the_number_of_workers(counter):
    now = timezone.now()
    assert "test.counter" in periodic.run_due_jobs(now)
    assert "test.counter" not in periodic.run_due_jobs(now)  # a second worker in the same instant
    assert "test.counter" not in periodic.run_due_jobs(now + timedelta(minutes=9))
    assert "test.counter" in periodic.run_due_jobs(now + timedelta(minutes=10))
    assert len(counter) == 2
    assert PeriodicJob.objects.get(name="test.counter").next_run_at == now + timedelta(minutes=20)


def test_a_failing_job_is_logged_and_does_not_stop_the_others(counter, caplog):
    periodic.every(minutes=1, name="test.broken")(lambda now: 1 / 0)  # inside the fixture's override
    ran = periodic.run_due_jobs()
    assert {"test.broken", "test.counter"} <= set(ran)
    assert len(counter) == 1
    assert "test.broken failed" in caplog.text


def _event(age_days: int, status: str) -> OutboxEvent:
    with transaction.atomic():
        event = publish("test.purge", payload={})
    OutboxEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(days=age_days))
    Delivery.objects.create(event=event, handler="test.handler", status=status)
    return event


def test_purge_keeps_recent_failed_and_pending_events(settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    old_done, old_failed, old_pending, recent = (
        _event(40, Delivery.Status.DONE),
        _event(40, Delivery.Status.FAILED),
        _event(40, Delivery.Status.PENDING),
        _event(5, Delivery.Status.DONE),
    )
    assert purge_delivered_events(timezone.now()) == 1
    remaining = set(OutboxEvent.objects.values_list("pk", flat=True))
    assert old_done.pk not in remaining
    assert {old_failed.pk, old_pending.pk, recent.pk} <= remaining
