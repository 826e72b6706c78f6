"""A partner system (sector software, the province's data warehouse…) as a first-class API client."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RATE_RE = re.compile(r"^[1-9][0-9]{0,6}/(s|sec|m|min|h|hour|d|day)$")


def validate_rate(value: str) -> None:
    if value and not RATE_RE.match(value):
        raise ValidationError(_("Giới hạn viết dạng số/đơn vị, ví dụ 600/min, 20/s, 10000/hour, 100000/day."))


class Partner(models.Model):
    """Who a partner is, which agencies' data it may touch and with which scopes.

    Credentials, rate limits and webhook subscriptions hang off this row; revoking the partner
    (``is_active=False``) stops every credential at once.
    """

    code = models.SlugField(_("mã hệ thống"), max_length=60, unique=True)
    name = models.CharField(_("tên hệ thống"), max_length=200)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("cơ quan được phép"),
        related_name="partners",
        blank=True,
        help_text=_("Hệ thống chỉ đọc, ghi dữ liệu của các cơ quan này và các đơn vị trực thuộc."),
    )
    scopes = models.JSONField(_("phạm vi quyền"), default=list, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    rate_limit = models.CharField(
        _("giới hạn tần suất gọi"),
        max_length=20,
        blank=True,
        validators=[validate_rate],
        help_text=_("Ví dụ 600/min (mỗi phút), 10000/hour; để trống thì dùng mức chung EGOV_API_PARTNER_RATE."),
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("hệ thống đối tác")
        verbose_name_plural = _("hệ thống đối tác")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def client_id(self) -> str:
        """The OAuth2 ``client_id`` (RFC 6749 §2.2): the partner's code, not a secret."""
        return self.code
