"""Batch claiming, several handlers per transaction, and per-aggregate order (both databases)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from egov.audit import services as audit
from egov.audit.models import AuditRecord
from egov.events import dispatcher
from egov.events.dispatcher import claim_batch, deliver_batch, deliver_due
from egov.events.models import Delivery
from egov.events.services import retry_delivery
from events.helpers import make_due, publish_now

TOPIC = "test.batch"


def _effect(event):
    audit.record(actor=None, action="test.batch_effect", summary=str(event.id))


def _effects(event) -> int:
    return AuditRecord.objects.filter(action="test.batch_effect", summary=str(event.id)).count()


def _publish(n, *, aggregate=None, payload=None):
    return [publish_now(TOPIC, aggregate=aggregate, payload={"n": i, **(payload or {})}) for i in range(n)]


@pytest.mark.django_db
def test_a_batch_is_leased_at_once_oldest_first_with_one_token(handlers):
    handlers.register(_effect, TOPIC, name="tests.batch")
    events = _publish(5)
    batch = claim_batch("worker-a", limit=3)
    assert [d.event_id for d in batch] == [e.id for e in events[:3]]
    assert len({d.locked_by for d in batch}) == 1 and batch[0].locked_by.startswith("worker-a#")
    assert all(d.attempts == 1 and d.locked_until > timezone.now() for d in batch)
    second = claim_batch("worker-b", limit=3)  # the leased ones are not due: the next two
    assert [d.event_id for d in second] == [e.id for e in events[3:]]
    assert claim_batch("worker-c", limit=3) == []


@pytest.mark.django_db
def test_a_batch_runs_in_one_transaction_and_is_marked_done(handlers, django_assert_max_num_queries):
    handlers.register(lambda event: None, TOPIC, name="tests.noop")
    _publish(20)
    batch = claim_batch("worker-a", limit=20)
    with django_assert_max_num_queries(4):  # savepoint, one UPDATE for all, release (+ slack)
        assert deliver_batch(batch) == 20
    assert set(Delivery.objects.values_list("status", "locked_by", "attempts")) == {("done", "", 1)}


@pytest.mark.django_db
def test_a_failing_handler_in_a_batch_fails_alone(handlers):
    def sometimes(event):
        _effect(event)
        if event.payload["n"] == 2:
            raise RuntimeError("bộ xử lý lỗi")

    handlers.register(sometimes, TOPIC, name="tests.sometimes")
    events = _publish(5)
    assert deliver_due() == 5
    statuses = dict(Delivery.objects.values_list("event_id", "status"))
    assert [statuses[e.id] for e in events] == ["done", "done", "pending", "done", "done"]
    assert [_effects(e) for e in events] == [1, 1, 0, 1, 1]  # the rolled-back ones ran again, once each
    assert "bộ xử lý lỗi" in Delivery.objects.get(event=events[2]).last_error


@pytest.mark.django_db
def test_a_lost_lease_in_a_batch_rolls_back_only_that_delivery(handlers):
    handlers.register(_effect, TOPIC, name="tests.batch")
    events = _publish(3)
    batch = claim_batch("worker-a", limit=3)
    Delivery.objects.filter(event=events[1]).update(locked_by="worker-b#takeover")
    assert deliver_batch(batch) == 3
    statuses = dict(Delivery.objects.values_list("event_id", "status"))
    assert [statuses[e.id] for e in events] == ["done", "pending", "done"]
    assert [_effects(e) for e in events] == [1, 0, 1]


@pytest.mark.django_db
def test_a_stopping_worker_releases_what_it_did_not_run(handlers):
    handlers.register(_effect, TOPIC, name="tests.batch")
    _publish(4)
    answers = iter([True, True, False])
    assert deliver_due(keep_going=lambda: next(answers)) == 2
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING)
    assert pending.count() == 2
    assert set(pending.values_list("attempts", "locked_by", "locked_until")) == {(0, "", None)}


@pytest.mark.django_db
def test_one_aggregate_goes_one_event_at_a_time_in_order(handlers, admin_user):
    seen = []
    handlers.register(lambda e: seen.append((e.aggregate_id, e.payload["n"])), TOPIC, name="tests.order")
    _publish(3, aggregate=("tests.thing", "x"))
    _publish(2, aggregate=("tests.thing", "y"))
    _publish(2)  # no aggregate: not ordered
    batch = claim_batch("worker-a", limit=10)
    assert sorted((d.event.aggregate_id, d.event.payload["n"]) for d in batch) == [("", 0), ("", 1), ("x", 0), ("y", 0)]
    assert claim_batch("worker-b", limit=10) == []  # x1, y1 wait behind x0, y0 (leased)
    deliver_batch(batch)
    assert deliver_due() == 3
    assert [n for agg, n in seen if agg == "x"] == [0, 1, 2]
    assert [n for agg, n in seen if agg == "y"] == [0, 1]


@pytest.mark.django_db
def test_a_retrying_or_failed_delivery_holds_back_its_aggregate_for_its_handler_only(handlers, settings, admin_user):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    broken = {"on": True}
    seen = []

    def flaky(event):
        if broken["on"] and event.payload["n"] == 0:
            raise RuntimeError("không gửi được")
        seen.append(("flaky", event.aggregate_id, event.payload["n"]))

    handlers.register(flaky, TOPIC, name="tests.flaky")
    handlers.register(lambda e: seen.append(("other", e.aggregate_id, e.payload["n"])), TOPIC, name="tests.other")
    _publish(2, aggregate=("tests.thing", "x"))
    _publish(1, aggregate=("tests.thing", "y"))
    deliver_due()
    first = Delivery.objects.get(handler="tests.flaky", event__payload__n=0, event__aggregate_id="x")
    assert first.status == Delivery.Status.FAILED
    assert ("flaky", "x", 1) not in seen  # waits behind the failed one
    assert {s for s in seen if s[0] == "other"} == {("other", "x", 0), ("other", "x", 1), ("other", "y", 0)}
    make_due(*Delivery.objects.all())
    assert deliver_due() == 0
    broken["on"] = False
    retry_delivery(first.pk, actor=admin_user)
    deliver_due()
    assert [s for s in seen if s[:2] == ("flaky", "x")] == [("flaky", "x", 0), ("flaky", "x", 1)]


@pytest.mark.django_db
def test_the_conditional_update_claim_without_row_locks(handlers, monkeypatch):
    """The SQLite path (no SKIP LOCKED): a second claim never gets a leased delivery."""
    monkeypatch.setattr(dispatcher.connection.features, "has_select_for_update_skip_locked", False)
    handlers.register(_effect, TOPIC, name="tests.batch")
    _publish(3)
    assert len(claim_batch("worker-a", limit=2)) == 2
    assert len(claim_batch("worker-b", limit=2)) == 1
    Delivery.objects.update(locked_until=timezone.now() - timedelta(seconds=1))  # all leases expired
    assert len(claim_batch("worker-c", limit=5)) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_skip_locked_claims_around_a_row_another_transaction_holds(handlers):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: claims are serialised by the write lock")
    handlers.register(_effect, TOPIC, name="tests.batch")
    events = _publish(3)
    held, done, errors = threading.Event(), threading.Event(), []

    def other_worker():
        try:
            with transaction.atomic():
                Delivery.objects.select_for_update().get(event=events[0])
                held.set()
                assert done.wait(timeout=30)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert held.wait(timeout=30)
        batch = claim_batch("worker-a", limit=5)  # does not wait for the lock: takes the others
        assert [d.event_id for d in batch] == [e.id for e in events[1:]]
    finally:
        done.set()
        thread.join(timeout=30)
    assert not errors
