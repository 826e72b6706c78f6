from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.accounts.models import Role
from egov.audit.models import AuditRecord
from egov.events.dispatcher import deliver_due
from egov.events.models import Delivery, OutboxEvent
from events.helpers import make_due, publish_now
from factories import StaffUserFactory

pytestmark = pytest.mark.django_db
URL = "/quan-tri/su-kien/"


def _failing(event):
    raise RuntimeError("máy chủ cổng quốc gia trả lỗi 502")


@pytest.fixture
def failed_delivery(handlers, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    handlers.register(_failing, "dossier.received", name="api.push_status")
    publish_now("dossier.received", aggregate=("dossiers.dossier", 12))
    deliver_due()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    return delivery


@pytest.fixture
def system_admin(client):
    user = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    client.force_login(user)
    return user


def test_url_names():
    assert reverse("events:failed") == URL
    assert reverse("events:retry", args=[5]) == f"{URL}5/gui-lai/"


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.SPECIALIST])
def test_only_system_admins(client, role, failed_delivery):
    client.force_login(StaffUserFactory(roles=[role]))
    assert client.get(URL).status_code == 403
    assert client.post(reverse("events:retry", args=[failed_delivery.pk])).status_code == 403
    assert Delivery.objects.get().status == Delivery.Status.FAILED


def test_failed_delivery_is_listed_with_its_error(client, system_admin, failed_delivery):
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["page"]) == [failed_delivery]
    body = response.content.decode()
    assert "api.push_status" in body and "máy chủ cổng quốc gia trả lỗi 502" in body and "dossiers.dossier #12" in body


def test_done_and_fresh_pending_deliveries_are_not_listed(client, system_admin, handlers):
    handlers.register(lambda e: None, "test.ok", name="tests.ok")
    publish_now("test.ok")
    deliver_due()  # done
    publish_now("test.ok")  # pending, fresh
    assert list(client.get(URL).context["page"]) == []


def test_long_pending_and_retrying_deliveries_are_listed(client, system_admin, handlers):
    handlers.register(lambda e: None, "test.ok", name="tests.ok")
    old = publish_now("test.ok")
    OutboxEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=1))
    handlers.register(_failing, "test.bad", name="tests.bad")
    publish_now("test.bad")
    deliver_due(limit=0)
    Delivery.objects.filter(handler="tests.bad").update(last_error="lỗi lần trước")
    listed = {d.handler for d in client.get(URL).context["page"]}
    assert listed == {"tests.ok", "tests.bad"}


def test_retry_puts_the_delivery_back_and_is_audited(client, system_admin, failed_delivery, handlers, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = client.post(reverse("events:retry", args=[failed_delivery.pk]), follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "Đã đưa sự kiện vào hàng đợi" in response.content.decode()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 0
    assert delivery.next_attempt_at <= timezone.now()
    entry = AuditRecord.objects.get(action="events.delivery_retried")
    assert entry.actor_id == system_admin.pk
    assert (entry.object_type, entry.object_id) == ("events.delivery", str(delivery.pk))
    assert entry.before == {"status": "failed", "attempts": 1} and entry.after == {"status": "pending", "attempts": 0}

    # the handler is fixed: the next dispatch delivers it
    handlers.unregister("api.push_status")
    handlers.register(lambda e: None, "dossier.received", name="api.push_status")
    make_due(delivery)
    assert deliver_due() == 1
    assert Delivery.objects.get().status == Delivery.Status.DONE


def test_retry_of_a_done_delivery_is_refused(client, system_admin, handlers):
    handlers.register(lambda e: None, "test.ok", name="tests.ok")
    publish_now("test.ok")
    deliver_due()
    delivery = Delivery.objects.get()
    response = client.post(reverse("events:retry", args=[delivery.pk]), follow=True)
    assert "đã được xử lý xong" in response.content.decode()
    assert Delivery.objects.get().status == Delivery.Status.DONE
    assert not AuditRecord.objects.exists()


def test_retry_needs_post(client, system_admin, failed_delivery):
    assert client.get(reverse("events:retry", args=[failed_delivery.pk])).status_code == 405


def test_query_count_is_bounded(client, system_admin, handlers, settings, django_assert_max_num_queries):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    handlers.register(_failing, "test.bad", name="tests.bad")
    for _ in range(30):
        publish_now("test.bad")
    deliver_due()
    client.get(URL)
    # session, user, roles, staff profile (header), count, page
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["page"]) == 30
