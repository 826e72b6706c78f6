"""Online payments of dossier fees: one transaction per attempt, and a log of every gateway notification.

A transaction becomes ``paid`` only in ``services.handle_notification``, after a verified
server-to-server notification; the browser's return never changes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Thanh toán không thành công")
    CANCELLED = "cancelled", _("Đã hủy thanh toán")


class PaymentTransaction(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0)
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    gateway = models.CharField(_("cổng thanh toán"), max_length=30)
    reference = models.CharField(_("mã giao dịch"), max_length=40, unique=True)
    description = models.CharField(_("nội dung thanh toán"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    gateway_transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=60, blank=True)
    client_ip = models.CharField(max_length=45, blank=True)
    return_url = models.CharField(max_length=500, blank=True)  # the citizen's page to go back to
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(_("thời điểm thanh toán"), null=True, blank=True, db_index=True)
    raw_notification = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class NotificationOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Ghi nhận thanh toán")
    DECLINED = "declined", _("Ghi nhận giao dịch không thành công")
    DUPLICATE = "duplicate", _("Thông báo trùng")
    FORGED = "forged", _("Sai chữ ký")
    AMOUNT_MISMATCH = "amount_mismatch", _("Sai số tiền")
    UNKNOWN_ORDER = "unknown_order", _("Không tìm thấy giao dịch")
    ERROR = "error", _("Lỗi xử lý")


class PaymentNotificationLog(models.Model):
    """Every server-to-server notification received, verified or not, with what we did with it."""

    gateway = models.CharField(max_length=30)
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    transaction = models.ForeignKey(
        PaymentTransaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    params = models.JSONField(default=dict)
    signature_valid = models.BooleanField(default=False)
    reported_success = models.BooleanField(default=False)  # the gateway says the money was taken
    reported_amount = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=NotificationOutcome.choices)
    response_code = models.CharField(max_length=4, blank=True)

    class Meta:
        verbose_name = _("thông báo từ cổng thanh toán")
        verbose_name_plural = _("thông báo từ cổng thanh toán")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.gateway} {self.reference} {self.outcome}"
