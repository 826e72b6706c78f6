"""Webhooks for partner systems: subscriptions, the deliveries queued for them and every attempt.

The behaviour (queueing from the outbox, signing, retries, ordering, replay) lives in ``egov.api.webhooks``;
docs/webhooks.md describes it for partners.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .partners import Partner


class WebhookSubscription(models.Model):
    """A partner's endpoint and the event kinds it receives (only events of the partner's agencies)."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("hệ thống đối tác"), on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    description = models.CharField(_("mô tả"), max_length=200, blank=True)
    kinds = models.JSONField(_("loại sự kiện"), default=list, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # The signing secret ("whsec_<base64>") must be readable to sign; it is shown once to whoever creates or
    # rotates it. After a rotation the previous one still signs until ``previous_secret_until``.
    secret = models.CharField(_("khóa ký"), max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("đăng ký webhook")
        verbose_name_plural = _("đăng ký webhook")
        ordering = ["partner__name", "pk"]

    def __str__(self) -> str:
        return f"{self.partner} → {self.url}"

    def signing_secrets(self, now=None) -> list[str]:
        """The secrets a delivery is signed with now: the current one, and the previous during the overlap."""
        now = now or timezone.now()
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_until and self.previous_secret_until > now:
            secrets.append(self.previous_secret)
        return secrets


class WebhookDelivery(models.Model):
    """One event kind for one subscription: the unit that is sent, retried, dead, replayed.

    ``webhook_id`` is the ``webhook-id`` header: the same on every attempt and replay, so the partner can drop
    duplicates. ``body`` is the exact JSON sent. Within one ``(subscription, aggregate_key)`` a pending
    delivery is sent only when no earlier one of the same aggregate is still pending.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        DELIVERED = "delivered", _("Đã gửi")
        FAILED = "failed", _("Thất bại")

    subscription = models.ForeignKey(
        WebhookSubscription, verbose_name=_("đăng ký"), on_delete=models.CASCADE, related_name="deliveries"
    )
    webhook_id = models.CharField(_("mã webhook"), max_length=64, unique=True)
    kind = models.CharField(_("loại sự kiện"), max_length=60)
    event_id = models.UUIDField(_("mã sự kiện gốc"), null=True, blank=True)
    aggregate_key = models.CharField(_("đối tượng"), max_length=170)
    event_at = models.DateTimeField(_("thời điểm sự kiện"))
    body = models.TextField(_("nội dung gửi"))
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=80, blank=True)
    last_status = models.PositiveSmallIntegerField(_("mã trả lời gần nhất"), null=True, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    delivered_at = models.DateTimeField(_("thời điểm gửi được"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt gửi webhook")
        verbose_name_plural = _("lượt gửi webhook")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="api_webhook_due_idx"),
            models.Index(fields=["subscription", "aggregate_key", "state"], name="api_webhook_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.webhook_id}"


class WebhookAttempt(models.Model):
    """One HTTP attempt of a delivery: what came back and when the next one was planned."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"), default=0)
    ok = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(_("mã trả lời"), null=True, blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    response_excerpt = models.TextField(_("trích trả lời"), blank=True)
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi webhook")
        verbose_name_plural = _("lần gửi webhook")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.at:%Y-%m-%d %H:%M:%S}"


class ReceivedWebhook(models.Model):
    """What the local receiver (``/mo-phong/webhook-receiver/``, demo and tests only) got, and whether its
    signature checked out."""

    received_at = models.DateTimeField(default=timezone.now)
    webhook_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=60, blank=True)
    verified = models.BooleanField(default=False)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("webhook nhận được (mô phỏng)")
        verbose_name_plural = _("webhook nhận được (mô phỏng)")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.webhook_id
