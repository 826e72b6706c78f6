"""Webhooks: signatures checked by the independent ``standardwebhooks`` package, the retry schedule on a fake
clock, order per object, a day of downtime, dead deliveries and replay, the agency filter, the SSRF guard."""

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from egov.api.models import WebhookAttempt, WebhookDelivery
from egov.api.webhooks import queue, sending, services
from egov.audit.models import AuditRecord
from egov.events.dispatcher import deliver_due
from egov.events.services import publish

ALL = ["dossier.received", "dossier.status_changed", "dossier.result_ready", "document.arrived", "feedback.answered"]
State = WebhookDelivery.State


def subscribe(partner, receiver, kinds=ALL):
    subscription, secret = services.create_subscription(partner, url=receiver.url, kinds=kinds, actor=None)
    return subscription, secret


def event(topic, agency, dossier=1, **payload):
    """An outbox event of dossier ``dossier`` handled by ``agency`` (as the dossier services publish it)."""
    data = {"code": f"000.00.05.K98-2612{dossier:02d}-0001", "status": "received", "handling_agency": agency.pk}
    with transaction.atomic():
        return publish(topic, aggregate=("dossiers.dossier", dossier), payload={**data, **payload})


def queued() -> int:
    """Run the outbox (our handler queues the deliveries); returns how many webhook deliveries exist."""
    deliver_due()
    return WebhookDelivery.objects.count()


def run(now, until, step=timedelta(minutes=1)):
    """The worker's periodic sender on a fake clock, every ``step`` from ``now`` to ``until``."""
    while now <= until:
        sending.send_due(now=now)
        now += step
    return now


def test_delivery_is_signed_the_standard_webhooks_way(partner, world, receiver):
    subscription, secret = subscribe(partner, receiver)
    assert secret.startswith("whsec_")
    happened = event("dossier.receive", world.so)
    assert queued() == 2  # received + status changed

    assert sending.send_due() == 2
    first = receiver.requests[0]
    payload = Webhook(secret).verify(first["body"], first["headers"])  # the independent implementation
    assert payload["type"] == "dossier.received"
    assert payload["data"]["code"] == happened.payload["code"]
    assert payload["data"]["agency"] == world.so.code
    assert payload["data"]["action"] == "receive"
    assert set(payload) == {"type", "timestamp", "data"}
    assert first["headers"]["webhook-id"] == queue.webhook_id(happened.pk, subscription.pk, "dossier.received")
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(first["body"].replace("received", "refused"), first["headers"])
    assert WebhookDelivery.objects.filter(state=State.DELIVERED).count() == 2


def test_rotation_signs_with_both_secrets_for_a_while(partner, world, receiver, settings):
    subscription, old = subscribe(partner, receiver, kinds=["dossier.received"])
    new = services.rotate_secret(subscription, actor=None)
    event("dossier.receive", world.so)
    queued()
    sending.send_due()
    sent = receiver.requests[0]
    assert len(sent["headers"]["webhook-signature"].split()) == 2
    Webhook(old).verify(sent["body"], sent["headers"])
    Webhook(new).verify(sent["body"], sent["headers"])

    later = timezone.now() + timedelta(hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS, minutes=1)
    event("dossier.receive", world.so, dossier=2)
    queued()
    sending.send_due(now=later)
    sent = receiver.requests[1]
    assert len(sent["headers"]["webhook-signature"].split()) == 1
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(
            sent["body"], {**sent["headers"], "webhook-timestamp": sent["headers"]["webhook-timestamp"]}
        )


def test_retries_follow_the_schedule_on_a_fake_clock_with_a_stable_id(partner, world, receiver):
    subscribe(partner, receiver, kinds=["dossier.received"])
    event("dossier.receive", world.so)
    queued()
    receiver.fail_next = 3
    t0 = timezone.now()

    assert sending.send_due(now=t0) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.next_attempt_at == t0 + timedelta(seconds=5)
    assert sending.send_due(now=t0 + timedelta(seconds=4)) == 0  # not before its time
    t1 = t0 + timedelta(seconds=5)
    assert sending.send_due(now=t1) == 1
    t2 = t1 + timedelta(minutes=5)
    assert sending.send_due(now=t2) == 1
    t3 = t2 + timedelta(minutes=30)
    assert sending.send_due(now=t3 - timedelta(seconds=1)) == 0
    assert sending.send_due(now=t3) == 1

    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED and delivery.attempts == 4
    planned = list(WebhookAttempt.objects.order_by("at").values_list("next_attempt_at", flat=True))
    assert planned == [t1, t2, t3, None]
    assert [r["status"] for r in receiver.requests] == [503, 503, 503, 204]
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1  # the partner can drop duplicates
    assert len({r["headers"]["webhook-timestamp"] for r in receiver.requests}) == 4
    assert WebhookAttempt.objects.filter(status_code=503, response_excerpt="temporarily unavailable").count() == 3


def test_later_delivery_of_an_object_waits_for_the_earlier_one(partner, world, receiver):
    subscribe(partner, receiver, kinds=["dossier.status_changed"])
    event("dossier.receive", world.so, dossier=1)
    event("dossier.assign", world.so, dossier=1, status="assigned")
    event("dossier.receive", world.so, dossier=2)
    queued()
    receiver.fail_next = 1
    t0 = timezone.now()

    sending.send_due(now=t0)
    # dossier 1's first delivery failed: its second is held back; dossier 2 went through.
    assert [(r["json"]["data"]["id"], r["json"]["data"]["action"], r["status"]) for r in receiver.requests] == [
        ("1", "receive", 503),
        ("2", "receive", 204),
    ]
    sending.send_due(now=t0 + timedelta(seconds=5))
    assert [(r["json"]["data"]["id"], r["json"]["data"]["action"]) for r in receiver.accepted()] == [
        ("2", "receive"),
        ("1", "receive"),
        ("1", "assign"),
    ]


def test_a_dead_delivery_no_longer_holds_the_next_one(partner, world, receiver, settings):
    settings.WEBHOOK_MAX_AGE_HOURS = 1
    subscribe(partner, receiver, kinds=["dossier.status_changed"])
    event("dossier.receive", world.so)
    receiver.fail_next = 10**6
    queued()
    t0 = timezone.now()
    run(t0, t0 + timedelta(hours=2))
    assert WebhookDelivery.objects.get().state == State.FAILED
    event("dossier.assign", world.so, status="assigned")
    queued()
    receiver.fail_next = 0
    sending.send_due(now=t0 + timedelta(hours=2))
    assert receiver.accepted()[0]["json"]["data"]["action"] == "assign"


def test_an_endpoint_down_for_a_day_loses_nothing_and_keeps_the_order(partner, world, receiver):
    subscribe(partner, receiver, kinds=["dossier.status_changed"])
    receiver.fail_next = 10**6  # down
    steps = [("receive", "received"), ("assign", "assigned"), ("assign_specialist", "in_appraisal")]
    for dossier in (1, 2):
        for action, status in steps:
            event(f"dossier.{action}", world.so, dossier=dossier, status=status)
    queued()
    t0 = timezone.now()
    now = run(t0, t0 + timedelta(days=1), step=timedelta(minutes=10))
    assert not receiver.accepted()
    assert WebhookDelivery.objects.filter(state=State.PENDING).count() == 6
    receiver.fail_next = 0  # up again
    run(now, now + timedelta(hours=12), step=timedelta(minutes=10))

    assert WebhookDelivery.objects.filter(state=State.DELIVERED).count() == 6
    for dossier in ("1", "2"):
        got = [r["json"]["data"]["action"] for r in receiver.accepted() if r["json"]["data"]["id"] == dossier]
        assert got == [action for action, _status in steps]
    # while down, only the head of each dossier was ever tried
    tried = {(r["json"]["data"]["id"], r["json"]["data"]["action"]) for r in receiver.requests if r["status"] == 503}
    assert tried == {("1", "receive"), ("2", "receive")}


def test_dead_after_three_days_then_replayed_with_the_same_id(partner, world, receiver, settings):
    subscription, secret = subscribe(partner, receiver, kinds=["dossier.received"])
    event("dossier.receive", world.so)
    queued()
    receiver.fail_next = 10**6
    t0 = timezone.now()
    run(t0, t0 + timedelta(days=3, hours=1), step=timedelta(minutes=30))
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.FAILED
    # 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h within 72 h: 12 attempts
    assert delivery.attempts == 12
    last = WebhookAttempt.objects.filter(delivery=delivery).first()
    assert last.next_attempt_at is None

    receiver.fail_next = 0
    count = services.replay_failed_since(subscription, t0 - timedelta(hours=1), actor=world.leader)
    assert count == 1
    sending.send_due()
    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED
    ids = {r["headers"]["webhook-id"] for r in receiver.requests}
    assert ids == {delivery.webhook_id}
    Webhook(secret).verify(receiver.accepted()[0]["body"], receiver.accepted()[0]["headers"])
    assert AuditRecord.objects.filter(action="api.webhook_replayed_failed").exists()

    services.replay(delivery, actor=world.leader)  # a delivered one may be sent again too
    sending.send_due()
    assert len(receiver.accepted()) == 2
    assert AuditRecord.objects.filter(action="api.webhook_replayed").exists()


def test_only_events_of_the_partners_agencies(partner, world, receiver):
    subscribe(partner, receiver, kinds=["dossier.received"])
    event("dossier.receive", world.so, dossier=1)
    event("dossier.receive", world.dept, dossier=2)  # a department of the Sở: inside
    event("dossier.receive", world.ubnd_xa, dossier=3)  # a ward: outside
    event("dossier.receive", world.commune_centre, dossier=4)
    event("dossier.receive", world.so2, dossier=5)  # another Sở
    queued()
    assert sorted(WebhookDelivery.objects.values_list("aggregate_key", flat=True)) == [
        "dossiers.dossier:1",
        "dossiers.dossier:2",
    ]
    partner.is_active = False
    partner.save()
    event("dossier.receive", world.so, dossier=6)
    queued()
    assert WebhookDelivery.objects.count() == 2


def test_kinds_map_from_outbox_topics(partner, world, receiver):
    subscribe(partner, receiver, kinds=["dossier.result_ready"])
    event("dossier.assign", world.so, dossier=1, status="assigned")
    event("dossier.approve", world.so, dossier=1, status="result_ready")
    event("dossier.rated", world.so, dossier=1)
    queued()
    assert list(WebhookDelivery.objects.values_list("kind", flat=True)) == ["dossier.result_ready"]

    other, _ = subscribe(partner, receiver, kinds=["dossier.status_changed", "dossier.result_ready"])
    event("dossier.approve", world.so, dossier=2, status="result_ready")
    queued()
    assert sorted(WebhookDelivery.objects.filter(subscription=other).values_list("kind", flat=True)) == [
        "dossier.result_ready",
        "dossier.status_changed",
    ]
    subscribe(partner, receiver, kinds=["document.arrived", "feedback.answered"])
    with transaction.atomic():
        publish(
            "document.incoming.arrive",
            aggregate=("documents.incomingdocument", 7),
            payload={"agency": world.so.pk, "secrecy": 1},
        )
        publish(
            "feedback.approve",
            aggregate=("feedback.submission", 8),
            payload={"agency": world.so.pk, "code": "PA-1", "status": "approved"},
        )
    queued()
    assert not WebhookDelivery.objects.filter(kind="document.arrived").exists()  # secret documents never leave
    assert WebhookDelivery.objects.filter(kind="feedback.answered").count() == 1


def test_a_real_dossier_reception_is_delivered(partner, world, receiver):
    subscription, secret = subscribe(partner, receiver, kinds=["dossier.received"])
    dossier = world.receive()
    queued()
    sending.send_due()
    payload = Webhook(secret).verify(receiver.requests[0]["body"], receiver.requests[0]["headers"])
    assert payload["data"]["code"] == dossier.code
    assert payload["data"]["id"] == str(dossier.pk)
    assert payload["data"]["procedure"] == world.procedure.code


def test_private_targets_are_refused_unless_allowed(partner, world, receiver, settings):
    subscription, _ = subscribe(partner, receiver, kinds=["dossier.received"])
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    for url in (
        "http://127.0.0.1:8000/",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/",
        "http://[::1]/",
        "ftp://example.org/",
    ):
        with pytest.raises(sending.UnsafeTarget):
            sending.check_target(url)
    with pytest.raises(sending.UnsafeTarget):
        services.create_subscription(partner, url="http://localhost/hook", kinds=["dossier.received"], actor=None)
    event("dossier.receive", world.so)
    queued()
    sending.send_due()
    assert receiver.requests == []  # never connected
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None and "nội bộ" in attempt.error


def test_test_ping_and_body_shape(partner, world, receiver):
    subscription, secret = subscribe(partner, receiver, kinds=["dossier.received"])
    services.send_test(subscription, actor=world.leader)
    sending.send_due()
    body = json.loads(receiver.requests[0]["body"])
    assert body["type"] == "webhook.test"
    assert body["data"] == {"subscription": subscription.pk}
    Webhook(secret).verify(receiver.requests[0]["body"], receiver.requests[0]["headers"])


def test_old_delivered_deliveries_are_purged_dead_ones_kept(partner, world, receiver, settings):
    from egov.api.handlers import purge_delivered

    subscribe(partner, receiver, kinds=["dossier.received"])
    event("dossier.receive", world.so, dossier=1)
    event("dossier.receive", world.so, dossier=2)
    queued()
    receiver.fail_next = 1
    now = timezone.now()
    sending.send_due(now=now)  # dossier 1 fails, dossier 2 is delivered
    WebhookDelivery.objects.filter(state=State.PENDING).update(state=State.FAILED)
    assert purge_delivered(now + timedelta(days=settings.WEBHOOK_RETENTION_DAYS - 1)) == 0
    purge_delivered(now + timedelta(days=settings.WEBHOOK_RETENTION_DAYS + 1))
    assert list(WebhookDelivery.objects.values_list("state", flat=True)) == [State.FAILED]


def test_an_event_is_not_queued_before_an_earlier_one_of_the_same_object(partner, world, receiver):
    from egov.events.models import Delivery

    subscribe(partner, receiver, kinds=["dossier.status_changed"])
    first = event("dossier.receive", world.so, dossier=1)
    event("dossier.assign", world.so, dossier=1, status="assigned")
    later = timezone.now() + timedelta(minutes=5)
    Delivery.objects.filter(event=first, handler=queue.HANDLER).update(next_attempt_at=later)  # e.g. a retry
    deliver_due()
    assert WebhookDelivery.objects.count() == 0  # the second waits for the first
    Delivery.objects.filter(handler=queue.HANDLER).update(next_attempt_at=timezone.now())
    deliver_due()
    deliver_due()
    sending.send_due()
    assert [r["json"]["data"]["action"] for r in receiver.accepted()] == ["receive", "assign"]


def test_the_request_connects_to_the_address_that_was_checked(partner, world, receiver, settings, monkeypatch):
    """A DNS answer that changes between the check and the connection (rebinding) cannot lead inside."""
    import socket

    subscription, _secret = subscribe(partner, receiver, kinds=["dossier.received"])
    subscription.url = "https://partner.example/hook"
    subscription.save()
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    answers = iter(["93.184.216.34", "127.0.0.1"])  # the second lookup would say loopback
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", (next(answers), 443))])
    connected = []

    def refuse(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    event("dossier.receive", world.so)
    queued()
    sending.send_due()
    assert connected == [("93.184.216.34", 443)]
    assert "ConnectionRefusedError" in WebhookAttempt.objects.get().error
