import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from egov.events.models import Delivery, OutboxEvent
from egov.events.registry import subscriber
from egov.events.services import NotInTransactionError, publish
from events.helpers import publish_now
from factories import OfficialFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def _noop(event):
    pass


def test_publish_stores_event_and_one_delivery_per_subscribed_handler(handlers):
    handlers.register(_noop, "dossier.received", name="a.exact")
    handlers.register(_noop, "dossier.*", name="b.wildcard")
    handlers.register(_noop, "document.*", name="c.other")
    handlers.register(_noop, "document.issued", "dossier.received", name="d.two_topics")
    official = OfficialFactory()
    actor = StaffUserFactory()
    event = publish_now("dossier.received", aggregate=official, payload={"code": "H12-260101-0001"}, actor=actor)
    event = OutboxEvent.objects.get(pk=event.pk)
    assert (event.topic, event.aggregate_type, event.aggregate_id) == (
        "dossier.received",
        "agencies.official",
        str(official.pk),
    )
    assert event.payload == {"code": "H12-260101-0001"} and event.actor_id == actor.pk
    deliveries = Delivery.objects.filter(event=event)
    assert sorted(deliveries.values_list("handler", flat=True)) == ["a.exact", "b.wildcard", "d.two_topics"]
    assert {d.status for d in deliveries} == {Delivery.Status.PENDING}
    assert {d.attempts for d in deliveries} == {0}


def test_event_without_subscribers_is_kept_without_deliveries(handlers):
    event = publish_now("nobody.listens", aggregate=("procedures.procedure", 7))
    assert OutboxEvent.objects.filter(pk=event.pk, aggregate_id="7").exists()
    assert not Delivery.objects.exists()


def test_rolled_back_publish_leaves_nothing(handlers):
    handlers.register(_noop, "dossier.received", name="a.exact")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        publish("dossier.received", payload={"x": 1})
        raise Boom
    assert not OutboxEvent.objects.exists() and not Delivery.objects.exists()


def test_payload_is_stored_as_handlers_will_read_it():
    value = uuid.uuid4()
    event = publish_now(
        "test.payload", payload={"when": datetime.date(2026, 3, 1), "fee": Decimal("15000.50"), "id": value}
    )
    assert event.payload == {"when": "2026-03-01", "fee": "15000.50", "id": str(value)}
    assert OutboxEvent.objects.get(pk=event.pk).payload == event.payload


@pytest.mark.parametrize("topic", ["", "Dossier.Received", "dossier.*", "a b", "x" * 101])
def test_invalid_topic_is_refused(topic):
    with transaction.atomic(), pytest.raises(ValueError):
        publish(topic)


def test_payload_must_be_a_dict():
    with transaction.atomic(), pytest.raises(TypeError):
        publish("test.payload", payload=[1, 2])


def test_publish_enqueues_the_dispatcher_on_commit(handlers, settings, django_capture_on_commit_callbacks):
    """With the immediate task backend, the commit runs the handlers at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    seen = []
    handlers.register(lambda event: seen.append(event.payload["n"]), "test.ping", name="tests.ping")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            publish("test.ping", payload={"n": 1})
        assert seen == []  # nothing runs before the commit
    assert len(callbacks) == 1 and seen == [1]
    assert Delivery.objects.get().status == Delivery.Status.DONE


def test_no_task_without_subscribers(handlers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        publish_now("nobody.listens")
    assert callbacks == []


def test_subscriber_decorator_and_duplicate_names(handlers):
    @subscriber("test.deco", name="tests.deco")
    def first(event):
        pass

    assert handlers.get("tests.deco").func is first
    assert [h.name for h in handlers.handlers_for("test.deco")] == ["tests.deco"]

    def other(event):
        pass

    with pytest.raises(ImproperlyConfigured):
        handlers.register(other, "test.deco", name="tests.deco")
    with pytest.raises(ImproperlyConfigured):
        handlers.register(other)


def test_default_name_is_the_dotted_path(handlers):
    handler = handlers.register(_noop, "test.x")
    assert handler.name == f"{__name__}._noop"


def test_wildcards():
    from egov.events.registry import Handler

    handler = Handler(name="h", patterns=("dossier.*",), func=_noop)
    assert handler.matches("dossier.received") and not handler.matches("document.issued")
    assert Handler(name="all", patterns=("*",), func=_noop).matches("anything.at_all")


@pytest.mark.django_db(transaction=True)
def test_publish_outside_a_transaction_is_refused():
    with pytest.raises(NotInTransactionError):
        publish("test.ping")
    assert not OutboxEvent.objects.exists()
