"""A postal shipment of a dossier: the dossier arriving by post, or its result leaving by post."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet


class Direction(models.TextChoices):
    IN = "in", _("Nhận hồ sơ qua bưu chính")
    OUT = "out", _("Trả kết quả qua bưu chính")


class ShipmentQuerySet(AgencyScopedQuerySet):
    pass


class Shipment(models.Model):
    """One hand-over with the postal worker; the postage is the applicant's, separate from the procedure fee."""

    agency_scope_fields = ("dossier__receiving_agency", "dossier__handling_agency")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="shipments")
    direction = models.CharField(_("chiều"), max_length=3, choices=Direction.choices)
    tracking_number = models.CharField(_("số hiệu bưu gửi (mã vận đơn)"), max_length=40)
    postage_fee = models.DecimalField(_("cước bưu chính (đồng)"), max_digits=12, decimal_places=0, default=0)
    postal_unit = models.CharField(_("đơn vị bưu chính"), max_length=200, blank=True)
    postal_worker = models.CharField(_("nhân viên bưu chính"), max_length=100)
    handed_over_at = models.DateTimeField(_("thời điểm bàn giao"), default=timezone.now)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    objects = ShipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bưu gửi")
        verbose_name_plural = _("bưu gửi")
        ordering = ["dossier", "handed_over_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["direction", "tracking_number"], name="postal_tracking_unique"),
            models.UniqueConstraint(fields=["dossier", "direction"], name="postal_one_per_direction"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} ({self.get_direction_display()})"
