"""A partner system (sector software, the province's data warehouse…) as a first-class API client."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
