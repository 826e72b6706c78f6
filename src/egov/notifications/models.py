"""Outgoing messages (e-mail, SMS), the SMS simulator's log, and in-app notifications."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One e-mail or SMS to one recipient, sent by the task worker; the row is its delivery record."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")
        IN_APP = "in_app", _("Thông báo trong hệ thống")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))
    body_html = models.TextField(_("nội dung HTML"), blank=True)
    reason = models.CharField(_("lý do gửi"), max_length=100, blank=True)
    related_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    related_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_id = models.CharField(_("mã tin của nhà cung cấp"), max_length=100, blank=True)
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), null=True, blank=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("thư, tin nhắn gửi đi")
        verbose_name_plural = _("thư, tin nhắn gửi đi")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "channel"], name="notif_message_status_idx"),
            models.Index(fields=["related_type", "related_id"], name="notif_message_related_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}"


class SimulatedSms(models.Model):
    """An SMS the simulator gateway 'sent': lets the demo and tests show what a phone would receive."""

    phone = models.CharField(_("số điện thoại"), max_length=20, db_index=True)
    text = models.TextField(_("nội dung"))
    sent_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tin nhắn SMS mô phỏng")
        verbose_name_plural = _("tin nhắn SMS mô phỏng")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.phone}: {self.text[:40]}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message shown to a user inside the system (the bell in the workspace)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("thời điểm đọc"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_read_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
