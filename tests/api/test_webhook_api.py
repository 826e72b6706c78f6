"""The REST API of webhook subscriptions: a partner (scope ``webhooks:manage``) manages only its own; a system
administrator manages all; anybody else is refused."""

import pytest
from django.db import transaction
from rest_framework.test import APIClient
from standardwebhooks.webhooks import Webhook

from egov.accounts.models import Role
from egov.api.models import Partner, WebhookDelivery, WebhookSubscription
from egov.api.webhooks import sending
from egov.events.dispatcher import deliver_due
from egov.events.services import publish
from factories import StaffUserFactory

BASE = "/api/v1/webhooks/subscriptions/"


class Principal:
    """What a partner's token puts in ``request.user`` (see the partner credentials)."""

    is_authenticated = True
    is_active = True
    is_partner = True
    is_official = False
    is_superuser = False
    pk = None

    def __init__(self, partner, scopes):
        self.partner, self.scopes = partner, set(scopes)

    def has_scope(self, scope):
        return scope in self.scopes


def as_partner(partner, scopes=("webhooks:manage",)):
    client = APIClient()
    client.force_authenticate(user=Principal(partner, scopes))
    return client


def test_a_partner_creates_lists_and_changes_its_own_subscriptions(partner, world, receiver):
    client = as_partner(partner)
    response = client.post(BASE, {"url": receiver.url, "kinds": ["dossier.received"]}, format="json")
    assert response.status_code == 201, response.content
    secret = response.json()["secret"]
    pk = response.json()["id"]
    assert response.json()["partner"] == partner.code
    assert "secret" not in client.get(f"{BASE}{pk}/").json()

    other = Partner.objects.create(code="xay-dung", name="Sở Xây dựng")
    WebhookSubscription.objects.create(partner=other, url=receiver.url, kinds=["dossier.received"], secret="x")
    assert [row["id"] for row in client.get(BASE).json()["results"]] == [pk]

    changed = client.patch(f"{BASE}{pk}/", {"kinds": ["dossier.received", "dossier.result_ready"]}, format="json")
    assert changed.status_code == 200 and changed.json()["kinds"] == ["dossier.received", "dossier.result_ready"]

    with transaction.atomic():
        publish(
            "dossier.receive",
            aggregate=("dossiers.dossier", 1),
            payload={"code": "X", "status": "received", "handling_agency": world.so.pk},
        )
    deliver_due()
    sending.send_due()
    Webhook(secret).verify(receiver.requests[0]["body"], receiver.requests[0]["headers"])

    deliveries = client.get(f"{BASE}{pk}/deliveries/").json()["results"]
    assert deliveries[0]["state"] == "delivered" and deliveries[0]["attempts_log"][0]["status_code"] == 204
    replayed = client.post(f"/api/v1/webhooks/deliveries/{deliveries[0]['id']}/replay/")
    assert replayed.status_code == 202 and replayed.json()["state"] == "pending"
    assert client.post(f"/api/v1/webhooks/deliveries/{deliveries[0]['id']}/replay/").status_code == 400

    rotated = client.post(f"{BASE}{pk}/rotate-secret/").json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != secret
    assert client.post(f"{BASE}{pk}/test/").status_code == 202
    assert client.post(f"{BASE}{pk}/replay-failed/", {"since": "2026-01-01T00:00:00Z"}, format="json").json() == {
        "count": 0
    }
    assert client.delete(f"{BASE}{pk}/").status_code == 204
    assert not WebhookSubscription.objects.filter(pk=pk).exists()


def test_a_partner_cannot_touch_another_partners_subscription(partner, receiver):
    other = Partner.objects.create(code="xay-dung", name="Sở Xây dựng")
    row = WebhookSubscription.objects.create(partner=other, url=receiver.url, kinds=["dossier.received"], secret="x")
    client = as_partner(partner)
    assert client.get(f"{BASE}{row.pk}/").status_code == 404
    assert client.patch(f"{BASE}{row.pk}/", {"is_active": False}, format="json").status_code == 404
    delivery = WebhookDelivery.objects.create(
        subscription=row, webhook_id="msg_x", kind="webhook.test", aggregate_key="t", event_at=row.created_at, body="{}"
    )
    assert client.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/").status_code == 404
    # the partner field is ignored for a partner: it always subscribes for itself
    response = client.post(BASE, {"partner": "xay-dung", "url": receiver.url, "kinds": ["dossier.received"]})
    assert response.status_code == 201 and response.json()["partner"] == partner.code


@pytest.mark.parametrize("scopes", [(), ("dossiers:read",)])
def test_without_the_scope_a_partner_is_refused(partner, scopes):
    assert as_partner(partner, scopes).get(BASE).status_code == 403


def test_staff_without_admin_role_and_anonymous_are_refused(partner, client):
    assert client.get(BASE).status_code == 403
    client.force_login(StaffUserFactory(roles=[Role.AGENCY_LEADER]))
    assert client.get(BASE).status_code == 403


def test_an_admin_subscribes_a_partner_and_bad_input_is_a_400(partner, receiver, settings, client):
    client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
    assert client.post(BASE, {"url": receiver.url, "kinds": ["dossier.received"]}).status_code == 400  # no partner
    created = client.post(
        BASE,
        {"partner": partner.code, "url": receiver.url, "kinds": ["feedback.answered"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert client.post(BASE, {"partner": partner.code, "url": receiver.url, "kinds": ["nope"]}).status_code == 400
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    refused = client.post(
        BASE,
        {"partner": partner.code, "url": "http://10.0.0.5/", "kinds": ["dossier.received"]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "url" in refused.json()["errors"]
    kinds = client.get("/api/v1/webhooks/kinds/").json()
    assert {"code": "dossier.result_ready", "label": "Hồ sơ có kết quả"} in kinds


def test_a_real_partner_token_with_the_scope_manages_subscriptions(world, receiver):
    from egov.api import credentials

    partner, new = credentials.create_partner(
        code="ho-tich-token", name="Hộ tịch", agencies=[world.so], scopes=["webhooks:manage", "dossiers:read"]
    )
    client = APIClient()
    _token, raw = credentials.issue_token(partner.code, new.value, "webhooks:manage")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    created = client.post(BASE, {"url": receiver.url, "kinds": ["dossier.received"]}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["partner"] == partner.code
    assert [row["id"] for row in client.get(BASE).json()["results"]] == [created.json()["id"]]

    _token, narrow = credentials.issue_token(partner.code, new.value, "dossiers:read")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {narrow}")
    assert client.get(BASE).status_code == 403
