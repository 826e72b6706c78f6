import pytest
from django.urls import reverse

from egov.accounts.models import Role
from egov.notifications.models import Message, Notification, SimulatedSms
from egov.notifications.services import mark_all_read, notify_user, unread_count
from factories import StaffUserFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("notifications.urls")]


@pytest.fixture
def staff(client):
    user = StaffUserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def admin(client):
    user = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    client.force_login(user)
    return user


def test_notify_user_and_mark_all_read():
    user, other = UserFactory(), UserFactory()
    notify_user(user, "Hồ sơ mới", "Có 1 hồ sơ chờ xử lý", url="/ho-so/1/")
    notify_user(user, "Văn bản đến")
    notify_user(other, "Của người khác")
    assert unread_count(user) == 2
    assert mark_all_read(user) == 2
    assert unread_count(user) == 0 and unread_count(other) == 1


def test_notify_user_refuses_script_links():
    with pytest.raises(ValueError):
        notify_user(UserFactory(), "x", url="javascript:alert(1)")


def test_list_shows_only_my_notifications_paginated(client, staff):
    for number in range(35):
        notify_user(staff, f"Thông báo số {number}")
    notify_user(StaffUserFactory(), "Thông báo của người khác")
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == 35 and len(page) == 30
    assert "Thông báo số 34" in response.text
    assert "Thông báo của người khác" not in response.text
    assert "Bạn có 35 thông báo chưa đọc." in response.text
    assert len(client.get(reverse("notifications:list"), {"page": 2}).context["page_obj"]) == 5


def test_mark_all_read_page(client, staff):
    notify_user(staff, "Một")
    response = client.post(reverse("notifications:mark-all-read"), follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.text
    assert not Notification.objects.filter(user=staff, read_at__isnull=True).exists()
    assert client.get(reverse("notifications:mark-all-read")).status_code == 405


def test_open_marks_read_and_follows_local_links_only(client, staff):
    local = notify_user(staff, "Hồ sơ", url="/ho-so/1/")
    external = notify_user(staff, "Lừa đảo", url="https://evil.example.com/")
    response = client.get(reverse("notifications:open", args=[local.pk]))
    assert response.status_code == 302 and response["Location"] == "/ho-so/1/"
    local.refresh_from_db()
    assert local.is_read
    assert client.get(reverse("notifications:open", args=[external.pk]))["Location"] == reverse("notifications:list")
    theirs = notify_user(StaffUserFactory(), "x", url="/a/")
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404


def test_citizens_and_anonymous_cannot_open_the_staff_list(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("accounts:staff-login") in response["Location"]
    client.force_login(UserFactory())
    assert client.get(reverse("notifications:list")).status_code == 403


def make_messages():
    Message.objects.create(channel="email", recipient="a@example.vn", subject="Thư đã gửi", body="x", status="sent")
    Message.objects.create(
        channel="sms", recipient="0912345678", body="y", status="failed", attempts=5, last_error="SmsError: HTTP 503"
    )


def test_outbox_lists_and_filters_messages(client, admin):
    make_messages()
    response = client.get(reverse("notifications:outbox"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 2
    assert "SmsError: HTTP 503" in response.text
    failed = client.get(reverse("notifications:outbox"), {"status": "failed"})
    assert [m.recipient for m in failed.context["page_obj"]] == ["0912345678"]
    emails = client.get(reverse("notifications:outbox"), {"channel": "email", "q": "a@"})
    assert [m.subject for m in emails.context["page_obj"]] == ["Thư đã gửi"]


def test_outbox_is_for_system_administrators_only(client, staff):
    assert client.get(reverse("notifications:outbox")).status_code == 403
    assert client.get(reverse("notifications:simulated-sms")).status_code == 403
    failed = Message.objects.create(channel="sms", recipient="0912345678", body="y", status="failed")
    assert client.post(reverse("notifications:retry", args=[failed.pk])).status_code == 403


def test_retry_from_the_outbox(client, admin, immediate_tasks, django_capture_on_commit_callbacks):
    failed = Message.objects.create(channel="sms", recipient="0912345678", body="Thử lại", status="failed", attempts=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:retry", args=[failed.pk]), follow=True)
    assert "vào hàng đợi gửi lại" in response.text
    failed.refresh_from_db()
    assert failed.status == "sent"
    response = client.post(reverse("notifications:retry", args=[failed.pk]), follow=True)
    assert "Chỉ gửi lại được" in response.text


def test_simulated_sms_page(client, admin):
    SimulatedSms.objects.create(phone="0912345678", text="Mã xác thực 123456")
    response = client.get(reverse("notifications:simulated-sms"))
    assert response.status_code == 200
    assert "Mã xác thực 123456" in response.text
