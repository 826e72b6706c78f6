"""Sending e-mail and SMS through the task worker, and in-app notifications.

``send_email`` / ``send_sms`` write a ``Message`` row and enqueue its delivery when the surrounding
transaction commits: if the transaction rolls back, nothing is sent. The worker calls ``deliver``;
a failed attempt is recorded and retried with back-off until ``NOTIFICATIONS_MAX_ATTEMPTS``.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.core.validators import validate_email
from django.db import transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import Message, Notification
from .sms import get_sms_gateway, normalize_phone, validate_sms_text

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 60  # 1, 4, 16, 64 minutes...
MAX_ERROR_LENGTH = 2000


# --- E-mail -----------------------------------------------------------------------------------------


def send_email(*, to: str, subject: str, body_text: str, body_html: str | None = None, reason: str = "", related=None):
    """Queue one e-mail to ``to``; returns the ``Message`` (status ``queued``)."""
    to = (to or "").strip()
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError(
            _("Địa chỉ thư điện tử “%(email)s” không hợp lệ."), code="invalid_email", params={"email": to}
        )
    return _create(
        channel=Message.Channel.EMAIL,
        recipient=to,
        subject=" ".join((subject or "").split())[:300],
        body=body_text,
        body_html=body_html or "",
        reason=reason,
        related=related,
    )


def send_templated_email(
    *, to: str, template: str, context: dict | None = None, reason="", related=None, language=None
):
    """Render ``<template>_subject.txt``, ``<template>.txt`` and (if present) ``<template>.html``, then queue.

    Example: ``template="notifications/email/notice"``. Templates extend ``notifications/email/base.txt``
    and ``base.html``; rendered in ``language`` (default: settings.LANGUAGE_CODE, Vietnamese).
    """
    subject, text, html = render_email(template, context or {}, language=language)
    return send_email(to=to, subject=subject, body_text=text, body_html=html, reason=reason, related=related)


def render_email(template: str, context: dict, *, language=None) -> tuple[str, str, str | None]:
    context = {
        "site_name": getattr(settings, "EGOV_SITE_NAME", "Chính quyền điện tử"),
        "site_url": settings.SITE_URL,
        **context,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    return " ".join(subject.split()), text, html


# --- SMS --------------------------------------------------------------------------------------------


def send_sms(*, phone: str, text: str, reason: str = "", related=None):
    """Queue one SMS; ``ValidationError`` (Vietnamese) for a bad number or an empty/too long text."""
    return _create(
        channel=Message.Channel.SMS,
        recipient=normalize_phone(phone),
        body=validate_sms_text(text),
        reason=reason,
        related=related,
    )


# --- Delivery (runs in the task worker) ---------------------------------------------------------------


def deliver(message_id: int) -> str:
    """Send one queued message and record the outcome; returns "sent", "retry", "failed" or "skipped"."""
    message = Message.objects.filter(pk=message_id, status=Message.Status.QUEUED).first()
    if message is None:
        return "skipped"  # already sent, given up, or deleted: a duplicate task must not send twice
    try:
        provider_id = _transport(message)
    except Exception as exc:  # any transport error is recorded, whatever its type
        return _record_failure(message, exc)
    message.status = Message.Status.SENT
    message.attempts += 1
    message.provider_id = provider_id[:100]
    message.sent_at = timezone.now()
    message.next_attempt_at = None
    message.save(update_fields=["status", "attempts", "provider_id", "sent_at", "next_attempt_at"])
    return "sent"


def retry_message(message: Message) -> Message:
    """Queue a failed message again (an administrator's action); attempts start over."""
    if message.status != Message.Status.FAILED:
        raise ValidationError(_("Chỉ gửi lại được thư, tin nhắn đã gửi không thành công."), code="not_failed")
    message.status = Message.Status.QUEUED
    message.attempts = 0
    message.next_attempt_at = None
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    _enqueue(message.pk)
    return message


def max_attempts() -> int:
    return getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=RETRY_BASE_SECONDS * 4 ** max(0, attempts - 1))


def _transport(message: Message) -> str:
    if message.channel == Message.Channel.EMAIL:
        return _send_email_now(message)
    if message.channel == Message.Channel.SMS:
        return get_sms_gateway().send(message.recipient, message.body)
    raise ValueError(f"Channel {message.channel!r} is not delivered by the worker")


def _send_email_now(message: Message) -> str:
    message_id = make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "egov.local")
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        to=[message.recipient],
        headers={"Message-ID": message_id, "X-Egov-Message": str(message.pk)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send(fail_silently=False)
    return message_id


def _record_failure(message: Message, exc: Exception) -> str:
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
    if message.attempts >= max_attempts():
        message.status = Message.Status.FAILED
        message.next_attempt_at = None
    else:
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
    message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    logger.warning("Message %s attempt %s failed: %s", message.pk, message.attempts, message.last_error)
    if message.status == Message.Status.FAILED:
        return "failed"
    _enqueue(message.pk, run_after=message.next_attempt_at)
    return "retry"


# --- Queueing ---------------------------------------------------------------------------------------


def _create(*, channel, recipient, body, subject="", body_html="", reason="", related=None) -> Message:
    message = Message(
        channel=channel, recipient=recipient, subject=subject, body=body, body_html=body_html, reason=reason[:100]
    )
    if related is not None:
        message.related_type = ContentType.objects.get_for_model(related)
        message.related_id = str(related.pk)
    message.save()
    _enqueue(message.pk)
    return message


def _enqueue(message_id: int, *, run_after=None) -> None:
    """Enqueue delivery once the current transaction commits (at once outside a transaction)."""
    from .tasks import deliver_message

    task = deliver_message
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    transaction.on_commit(lambda: task.enqueue(message_id))


# --- In-app notifications ------------------------------------------------------------------------------


def notify_user(user, title: str, body: str = "", url: str = "") -> Notification:
    """Show ``title`` (and ``body``, a link to ``url``: a path or an http(s) address) to ``user`` in the system."""
    if url and not (url.startswith("/") and not url.startswith("//")) and not url.startswith(("https://", "http://")):
        raise ValueError(f"Notification url must be a path or an http(s) address, not {url!r}")
    return Notification.objects.create(user=user, title=str(title)[:200], body=str(body), url=url[:500])


def mark_read(user, notification_id: int) -> bool:
    """Mark one of ``user``'s notifications read; False when it is not theirs or already read."""
    return bool(
        Notification.objects.filter(user=user, pk=notification_id, read_at__isnull=True).update(read_at=timezone.now())
    )


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(user=user).unread().update(read_at=timezone.now())


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user).unread().count()
