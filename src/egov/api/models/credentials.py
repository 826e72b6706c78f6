"""A partner's OAuth2 credentials: client secrets and the access tokens issued for them, both stored hashed.

A secret or a token is 256 random bits shown once; only its SHA-256 is kept (a fast hash is enough for values
that cannot be guessed; docs/decisions/0005-partner-credentials.md). A partner may hold several active
secrets at once (rotation without downtime); a token names the secret it was issued for, so revoking the
secret, or the partner, refuses its tokens at their next use.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.audit.models import kept_reference

from .partners import Partner


class ClientSecret(models.Model):
    partner = models.ForeignKey(
        Partner, verbose_name=_("hệ thống đối tác"), on_delete=models.CASCADE, related_name="secrets"
    )
    prefix = models.CharField(_("ký tự đầu"), max_length=12, help_text=_("Để phân biệt các khóa; không đủ để dùng."))
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa bí mật")
        verbose_name_plural = _("khóa bí mật")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.partner.code}: {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AccessToken(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tokens")
    secret = models.ForeignKey(ClientSecret, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("mã truy cập")
        verbose_name_plural = _("mã truy cập")

    def __str__(self) -> str:
        return f"{self.partner.code} → {self.expires_at:%Y-%m-%d %H:%M}"


class ApiCall(models.Model):
    """One request a partner made with a token (whatever its answer): who, what, how it ended, how long."""

    partner = kept_reference(Partner, _("hệ thống đối tác"))
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    method = models.CharField(_("phương thức"), max_length=10)
    path = models.CharField(_("đường dẫn"), max_length=255)
    status = models.PositiveSmallIntegerField(_("mã trả lời"))
    duration_ms = models.PositiveIntegerField(_("thời gian xử lý (ms)"))
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("lượt gọi API")
        verbose_name_plural = _("nhật ký gọi API")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["partner", "at"], name="api_apicall_partner_at_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
