"""The administrators' webhook pages, the local receiver, the demo subscription and ``egov webhooks``."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from egov.accounts.models import Role
from egov.api.models import ReceivedWebhook, WebhookDelivery, WebhookSubscription
from egov.api.webhooks import sending, services
from egov.audit.models import AuditRecord
from egov.events.dispatcher import deliver_due
from egov.events.services import publish
from factories import StaffUserFactory

State = WebhookDelivery.State


@pytest.fixture
def admin_client(client, db):
    client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
    return client


def receive_event(agency, dossier=1):
    with transaction.atomic():
        publish(
            "dossier.receive",
            aggregate=("dossiers.dossier", dossier),
            payload={"code": f"X-{dossier}", "status": "received", "handling_agency": agency.pk},
        )


def test_only_system_admins_see_the_pages(client, partner):
    client.force_login(StaffUserFactory(roles=[Role.AGENCY_LEADER]))
    assert client.get(reverse("webhooks:subscriptions")).status_code == 403


def test_admin_creates_a_subscription_and_sees_the_secret_once(admin_client, partner, receiver):
    response = admin_client.post(
        reverse("webhooks:subscriptions"),
        {"partner": partner.pk, "url": receiver.url, "kinds": ["dossier.received", "dossier.result_ready"]},
    )
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret in response.content.decode()
    assert subscription.kinds == ["dossier.received", "dossier.result_ready"]
    page = admin_client.get(reverse("webhooks:subscription", args=[subscription.pk])).content.decode()
    assert subscription.secret not in page
    record = AuditRecord.objects.get(action="api.webhook_subscribed")
    assert subscription.secret not in str(record.after)


def test_the_log_lists_attempts_and_replays_one_delivery(admin_client, partner, world, receiver):
    subscription, _secret = services.create_subscription(
        partner, url=receiver.url, kinds=["dossier.received"], actor=None
    )
    receive_event(world.so)
    deliver_due()
    receiver.fail_next = 1
    sending.send_due()
    page = admin_client.get(reverse("webhooks:subscription", args=[subscription.pk]))
    html = page.content.decode()
    assert "503" in html and "temporarily unavailable" in html
    delivery = WebhookDelivery.objects.get()
    assert delivery.webhook_id in html

    sending.send_due(now=timezone.now() + timedelta(seconds=6))
    delivery.refresh_from_db()
    assert delivery.state == State.DELIVERED
    response = admin_client.post(reverse("webhooks:replay", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == State.PENDING and delivery.attempts == 0
    assert AuditRecord.objects.filter(action="api.webhook_replayed").exists()


def test_replay_failed_since_rotate_and_ping_from_the_page(admin_client, partner, world, receiver):
    subscription, _secret = services.create_subscription(
        partner, url=receiver.url, kinds=["dossier.received"], actor=None
    )
    receive_event(world.so, 1)
    receive_event(world.so, 2)
    deliver_due()
    WebhookDelivery.objects.update(state=State.FAILED)
    since = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    admin_client.post(reverse("webhooks:replay-failed", args=[subscription.pk]), {"since": since})
    assert WebhookDelivery.objects.filter(state=State.PENDING).count() == 2

    old = subscription.secret
    response = admin_client.post(reverse("webhooks:rotate", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.secret != old and subscription.previous_secret == old
    assert subscription.secret in response.content.decode()

    admin_client.post(reverse("webhooks:ping", args=[subscription.pk]))
    assert WebhookDelivery.objects.filter(kind="webhook.test").count() == 1


def test_edit_refuses_a_private_target_in_production(admin_client, partner, receiver, settings):
    subscription, _secret = services.create_subscription(
        partner, url=receiver.url, kinds=["dossier.received"], actor=None
    )
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    response = admin_client.post(
        reverse("webhooks:subscription", args=[subscription.pk]),
        {"url": "http://192.168.1.10/hook", "kinds": ["dossier.received"], "is_active": "on"},
    )
    assert response.status_code == 200
    assert "nội bộ" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.url == receiver.url


def test_receiver_records_and_verifies(live_server, partner, world, settings):
    settings.WEBHOOK_RECEIVER_SIMULATOR = True
    url = f"{live_server.url}{reverse('webhooks:receiver')}"
    subscription, _secret = services.create_subscription(partner, url=url, kinds=["dossier.received"], actor=None)
    receive_event(world.so)
    deliver_due()
    sending.send_due()
    got = ReceivedWebhook.objects.get()
    assert got.verified and got.kind == "dossier.received"
    assert WebhookDelivery.objects.get().state == State.DELIVERED

    # a forged request is recorded as not verified and refused
    from django.test import Client

    forged = Client().post(
        url,
        data=got.body,
        content_type="application/json",
        headers={
            "webhook-id": got.webhook_id,
            "webhook-timestamp": str(int(timezone.now().timestamp())),
            "webhook-signature": "v1,AAAA",
        },
    )
    assert forged.status_code == 400
    assert ReceivedWebhook.objects.filter(verified=False).count() == 1
    assert "Hợp lệ" in Client().get(url).content.decode()


def test_receiver_is_off_by_default(client, settings):
    settings.WEBHOOK_RECEIVER_SIMULATOR = False
    assert client.get(reverse("webhooks:receiver")).status_code == 404


def test_demo_subscription(db, settings):
    from egov.agencies.models import Agency
    from egov.api.webhooks.demo import AGENCY_CODE, load_demo
    from factories import AgencyFactory

    settings.WEBHOOK_RECEIVER_SIMULATOR = False
    assert load_demo() == [] and not WebhookSubscription.objects.exists()
    settings.WEBHOOK_RECEIVER_SIMULATOR = True
    AgencyFactory(code=AGENCY_CODE, name="Sở Tư pháp", kind=Agency.Kind.PROVINCIAL_DEPARTMENT)
    load_demo()
    load_demo()  # idempotent
    subscription = WebhookSubscription.objects.get()
    assert subscription.url == settings.WEBHOOK_DEMO_RECEIVER_URL
    assert list(subscription.partner.agencies.values_list("code", flat=True)) == [AGENCY_CODE]


def test_command_lists_pings_and_replays(partner, world, receiver):
    subscription, _secret = services.create_subscription(
        partner, url=receiver.url, kinds=["dossier.received"], actor=None
    )
    out = StringIO()
    call_command("webhooks", "ping", str(subscription.pk), stdout=out)
    webhook_id = re.search(r"msg_\w+", out.getvalue()).group(0)
    call_command("webhooks", "send", stdout=out)
    call_command("webhooks", "list", stdout=out)
    assert "đã gửi 1" in out.getvalue()
    call_command("webhooks", "replay", webhook_id, stdout=out)
    assert WebhookDelivery.objects.get(webhook_id=webhook_id).state == State.PENDING
