from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends

from egov.notifications.models import Message
from egov.notifications.services import deliver, retry_message, send_email, send_templated_email
from factories import AgencyFactory

pytestmark = pytest.mark.django_db


def queue_email(**overrides):
    return send_email(
        **{"to": "cong.dan@example.vn", "subject": "Hồ sơ của bạn", "body_text": "Nội dung thư.", **overrides}
    )


@pytest.fixture
def broken_smtp(monkeypatch):
    def fail(self, messages):
        raise SMTPException("Máy chủ thư từ chối kết nối")

    monkeypatch.setattr(EmailBackend, "send_messages", fail)


def test_send_email_writes_a_message_and_the_task_delivers_it(immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email(body_html="<p>Nội dung thư.</p>", reason="dossier.received")
        assert message.status == Message.Status.QUEUED
        assert mail.outbox == []  # nothing leaves before the transaction commits

    message.refresh_from_db()
    assert (message.channel, message.status, message.attempts) == ("email", "sent", 1)
    assert message.sent_at is not None and message.provider_id.startswith("<")
    assert message.reason == "dossier.received"
    [email] = mail.outbox
    assert email.to == ["cong.dan@example.vn"]
    assert email.subject == "Hồ sơ của bạn"
    assert email.body == "Nội dung thư."
    assert email.alternatives[0][0] == "<p>Nội dung thư.</p>"
    assert email.extra_headers["Message-ID"] == message.provider_id


def test_nothing_is_sent_when_the_transaction_rolls_back(immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_email()
            raise RuntimeError("the caller's transaction fails")
    assert callbacks == []
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_failure_is_recorded_and_retried_until_given_up(
    settings, immediate_tasks, broken_smtp, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)
    assert message.last_error == "SMTPException: Máy chủ thư từ chối kết nối"
    assert message.sent_at is None and message.next_attempt_at is None
    assert mail.outbox == []


def test_a_failed_attempt_is_requeued_with_back_off(dummy_tasks, broken_smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email()
    backend = task_backends["default"]
    assert [r.args for r in backend.results] == [[message.pk]]

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert before + timedelta(seconds=59) < message.next_attempt_at < timezone.now() + timedelta(seconds=61)
    retry = backend.results[-1]
    assert retry.args == [message.pk] and retry.task.run_after == message.next_attempt_at

    with django_capture_on_commit_callbacks(execute=True):
        deliver(message.pk)
    message.refresh_from_db()
    assert message.next_attempt_at > timezone.now() + timedelta(minutes=3)  # back-off grows: 1, 4, 16... minutes


def test_a_message_is_delivered_only_once(dummy_tasks):
    message = queue_email()
    assert deliver(message.pk) == "sent"
    assert deliver(message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_an_administrator_can_requeue_a_failed_message(immediate_tasks, django_capture_on_commit_callbacks):
    message = Message.objects.create(channel="email", recipient="a@example.vn", body="x", status="failed", attempts=5)
    with django_capture_on_commit_callbacks(execute=True):
        retry_message(message)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    with pytest.raises(ValidationError, match="Chỉ gửi lại được"):
        retry_message(message)


def test_invalid_address_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        queue_email(to="khong-phai-email")
    assert excinfo.value.messages == ["Địa chỉ thư điện tử “khong-phai-email” không hợp lệ."]
    assert Message.objects.count() == 0


def test_subject_is_kept_on_one_line():
    assert queue_email(subject="Dòng 1\r\nBcc: x@example.com").subject == "Dòng 1 Bcc: x@example.com"


def test_related_object_is_recorded(dummy_tasks):
    agency = AgencyFactory()
    message = queue_email(related=agency)
    assert Message.objects.get(pk=message.pk).related == agency


def test_templated_email_renders_vietnamese_text_and_html(immediate_tasks, django_capture_on_commit_callbacks):
    context = {
        "subject": "Hồ sơ đã được tiếp nhận",
        "recipient_name": "Nguyễn Văn A",
        "message": "Hồ sơ H12-260101-0001 đã được tiếp nhận & đang xử lý.",
        "action_url": "https://dichvucong.example.vn/tra-cuu/",
    }
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(to="a@example.vn", template="notifications/email/notice", context=context)
    [email] = mail.outbox
    assert email.subject == "Hồ sơ đã được tiếp nhận"
    assert email.body.startswith("Kính gửi Nguyễn Văn A,")
    assert "đã được tiếp nhận & đang xử lý." in email.body  # plain text is not HTML-escaped
    assert "Xem chi tiết: https://dichvucong.example.vn/tra-cuu/" in email.body
    assert "Vui lòng không trả lời thư này." in email.body
    html = email.alternatives[0][0]
    assert '<html lang="vi">' in html
    assert "tiếp nhận &amp; đang xử lý." in html
    assert 'href="https://dichvucong.example.vn/tra-cuu/"' in html
