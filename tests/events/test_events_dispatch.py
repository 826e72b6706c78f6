from datetime import timedelta

import pytest
from django.utils import timezone

from egov.audit import services as audit
from egov.audit.models import AuditRecord
from egov.events import dispatcher
from egov.events.dispatcher import backoff, claim_next, deliver, deliver_due
from egov.events.models import Delivery
from events.helpers import make_due, publish_now

pytestmark = pytest.mark.django_db


def _audit_effect(event):
    """A handler whose effect is a database row: one audit record per run."""
    audit.record(actor=None, action="test.effect", summary=str(event.id))


def _effects(event) -> int:
    return AuditRecord.objects.filter(action="test.effect", summary=str(event.id)).count()


def _failing(event):
    raise RuntimeError("cổng SMS không phản hồi")


def test_each_handler_receives_the_event_once(handlers):
    calls = []
    handlers.register(lambda e: calls.append(("a", e.topic, e.payload)), "dossier.received", name="tests.a")
    handlers.register(lambda e: calls.append(("b", e.topic, e.payload)), "dossier.*", name="tests.b")
    event = publish_now("dossier.received", payload={"n": 1})
    publish_now("document.issued")  # nobody listens
    assert deliver_due() == 2
    assert sorted(calls) == [("a", "dossier.received", {"n": 1}), ("b", "dossier.received", {"n": 1})]
    assert deliver_due() == 0
    assert len(calls) == 2
    for delivery in Delivery.objects.filter(event=event):
        assert delivery.status == Delivery.Status.DONE and delivery.attempts == 1
        assert delivery.delivered_at is not None and delivery.locked_by == "" and delivery.locked_until is None


def test_handler_effects_commit_with_the_done_mark(handlers):
    handlers.register(_audit_effect, "test.effect", name="tests.effect")
    event = publish_now("test.effect")
    deliver_due()
    assert _effects(event) == 1


def test_failing_handler_effects_roll_back(handlers):
    def half_done(event):
        _audit_effect(event)
        raise RuntimeError("failed after writing")

    handlers.register(half_done, "test.effect", name="tests.half")
    event = publish_now("test.effect")
    deliver_due()
    assert _effects(event) == 0
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_backoff_doubles_up_to_an_hour(settings):
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff(30) == timedelta(hours=1)


def test_failing_handler_is_retried_with_backoff_then_failed(handlers, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    handlers.register(_failing, "test.fail", name="tests.failing")
    publish_now("test.fail")
    delivery = Delivery.objects.get()

    before = timezone.now()
    assert deliver_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert "cổng SMS không phản hồi" in delivery.last_error and "RuntimeError" in delivery.last_error
    assert before + timedelta(seconds=10) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=10)
    assert deliver_due() == 0  # not due yet

    make_due(delivery)
    deliver_due()
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.status == Delivery.Status.PENDING
    assert delivery.next_attempt_at >= timezone.now() + timedelta(seconds=19)

    make_due(delivery)
    deliver_due()
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.status == Delivery.Status.FAILED
    make_due(delivery)
    assert deliver_due() == 0


def test_unknown_handler_is_an_error_not_a_crash(handlers):
    handlers.register(_audit_effect, "test.gone", name="tests.gone")
    publish_now("test.gone")
    handlers.unregister("tests.gone")
    deliver_due()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and "tests.gone" in delivery.last_error


def test_a_live_lease_is_respected(handlers):
    handlers.register(_audit_effect, "test.effect", name="tests.effect")
    publish_now("test.effect")
    claimed = claim_next("worker-a")
    assert claimed is not None and claimed.locked_by.startswith("worker-a#") and claimed.attempts == 1
    assert claim_next("worker-b") is None
    Delivery.objects.filter(pk=claimed.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    again = claim_next("worker-b")
    assert again.pk == claimed.pk and again.locked_by.startswith("worker-b#") and again.attempts == 2


def test_run_whose_lease_was_taken_over_is_rolled_back(handlers):
    """Idempotency: the same delivery run twice (lease expired mid-run) has its effect once."""
    handlers.register(_audit_effect, "test.effect", name="tests.effect")
    event = publish_now("test.effect")
    slow = claim_next("worker-a")
    Delivery.objects.filter(pk=slow.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    fast = claim_next("worker-b")
    assert deliver(fast) is True
    assert deliver(slow) is False  # worker-a finishes late: its run is rolled back
    assert _effects(event) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DONE and delivery.attempts == 2


def test_stale_run_after_takeover_does_not_mark_anything(handlers):
    handlers.register(_failing, "test.fail", name="tests.failing")
    publish_now("test.fail")
    slow = claim_next("worker-a")
    Delivery.objects.filter(pk=slow.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    claim_next("worker-b")
    deliver(slow)  # fails, but may not record anything: worker-b holds the lease
    delivery = Delivery.objects.get()
    assert delivery.locked_by.startswith("worker-b#") and delivery.last_error == ""


def test_delivery_cut_short_too_often_is_failed_without_running(handlers, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    handlers.register(_audit_effect, "test.effect", name="tests.effect")
    event = publish_now("test.effect")
    for _ in range(2):  # two workers die mid-run: claimed, never finished
        claim_next("dead-worker")
        Delivery.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 3
    assert _effects(event) == 0 and delivery.last_error


def test_deliveries_go_oldest_first_and_limit_is_honoured(handlers):
    order = []
    handlers.register(lambda e: order.append(e.payload["n"]), "test.order", name="tests.order")
    for n in range(3):
        publish_now("test.order", payload={"n": n})
    assert deliver_due(limit=2) == 2
    assert deliver_due() == 1
    assert order == [0, 1, 2]


def test_handler_may_publish_further_events(handlers):
    seen = []

    def first(event):
        from egov.events.services import publish

        publish("test.second", payload={"from": str(event.id)})

    handlers.register(first, "test.first", name="tests.first")
    handlers.register(lambda e: seen.append(e.topic), "test.second", name="tests.second")
    publish_now("test.first")
    deliver_due()
    deliver_due()
    assert seen == ["test.second"]


def test_sqlite_claim_path_is_exclusive(handlers, monkeypatch):
    """The conditional-UPDATE claim (used on SQLite) gives a delivery to one worker only."""
    monkeypatch.setattr(dispatcher.connection.features, "has_select_for_update_skip_locked", False)
    handlers.register(_audit_effect, "test.effect", name="tests.effect")
    publish_now("test.effect")
    assert claim_next("worker-a") is not None
    assert claim_next("worker-b") is None


def test_dispatch_task_runs_the_dispatcher(handlers, settings):
    from egov.events.tasks import dispatch_due

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    handlers.register(_audit_effect, "test.effect", name="tests.effect")
    event = publish_now("test.effect")
    result = dispatch_due.enqueue()
    assert result.return_value == 1 and _effects(event) == 1


def test_dispatch_task_works_in_batches(handlers, settings, monkeypatch):
    from egov.events import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(tasks, "BATCH", 2)
    handlers.register(_audit_effect, "test.effect", name="tests.effect")
    events = [publish_now("test.effect") for _ in range(5)]
    assert tasks.dispatch_due.enqueue().return_value == 2  # and it queued itself again for the rest
    assert [_effects(event) for event in events] == [1] * 5


def test_deliver_due_stops_when_asked(handlers):
    handlers.register(_audit_effect, "test.effect", name="tests.effect")
    for _ in range(3):
        publish_now("test.effect")
    answers = iter([True, False])
    assert deliver_due(keep_going=lambda: next(answers)) == 1
