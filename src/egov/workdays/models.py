"""The province's yearly calendar: days off and make-up working days that override the national ones."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import DAY_OFF, WORKING_DAY


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = DAY_OFF, _("Ngày nghỉ")
        WORKING_DAY = WORKING_DAY, _("Ngày làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=12, choices=Kind.choices)
    note = models.CharField(
        _("ghi chú"), max_length=255, blank=True, help_text=_("Lý do, văn bản quyết định (ví dụ: Công văn số ...).")
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc (ngày nghỉ, ngày làm bù)")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"
