"""The leaders' weekly work schedule (lịch công tác): one ``WorkSchedule`` per agency and week, its
``ScheduleEntry`` rows entered by the office. Changes go through ``services.py`` (audited)."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet

from .transitions import ScheduleStatus


class WorkSchedule(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT)
    week_start = models.DateField(_("tuần bắt đầu (thứ Hai)"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ScheduleStatus.choices, default=ScheduleStatus.DRAFT
    )
    note = models.TextField(_("ghi chú"), blank=True)
    published_at = models.DateTimeField(_("thời điểm công bố"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch công tác")
        verbose_name_plural = _("lịch công tác")
        ordering = ["-week_start", "agency__path"]
        constraints = [models.UniqueConstraint(fields=["agency", "week_start"], name="meetings_schedule_week_unique")]
        indexes = [models.Index(fields=["status", "week_start"], name="meetings_schedule_public")]

    def __str__(self) -> str:
        return f"{self.agency} {self.week_start:%d/%m/%Y}"

    @property
    def week_end(self):
        return self.week_start + timedelta(days=6)

    @property
    def days(self):
        return [self.week_start + timedelta(days=n) for n in range(7)]


class ScheduleEntry(models.Model):
    schedule = models.ForeignKey(WorkSchedule, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField(_("ngày"))
    start_time = models.TimeField(_("giờ bắt đầu"))
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    content = models.TextField(_("nội dung công việc"))
    location = models.CharField(_("địa điểm"), max_length=300, blank=True)
    leaders = models.ManyToManyField(
        "agencies.Official", verbose_name=_("lãnh đạo chủ trì, dự"), related_name="schedule_entries", blank=True
    )
    participants = models.TextField(_("thành phần tham dự"), blank=True)
    preparing_unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị chuẩn bị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("mục lịch công tác")
        ordering = ["schedule", "date", "start_time", "id"]
        indexes = [models.Index(fields=["schedule", "date", "start_time"], name="meetings_entry_day")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m} {self.start_time:%H:%M} {self.content[:40]}"
