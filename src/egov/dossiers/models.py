"""Dossiers (hồ sơ TTHC) of the one-stop back office: one application for a procedure, from intake to return.

State changes happen only through ``services.py``; the allowed ones are in ``transitions.py``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet

from .transitions import CLOCK_RUNNING, FINAL, IN_PROGRESS, NATIONAL_STATUS, Status


class Channel(models.TextChoices):
    DESK = "desk", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Bưu chính công ích")
    DVCQG = "dvcqg", _("Cổng Dịch vụ công quốc gia")


# Channels counted as "online" in statistics (our own portal and the national portal).
ONLINE_CHANNELS = (Channel.ONLINE, Channel.DVCQG)


class Outcome(models.TextChoices):
    EARLY = "early", _("Sớm hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Trễ hạn")


class DossierQuerySet(AgencyScopedQuerySet):
    def in_progress(self):
        return self.filter(status__in=IN_PROGRESS)

    def finished(self):
        return self.filter(status__in=FINAL | {Status.RESULT_READY})

    def overdue(self, now):
        return self.filter(status__in=CLOCK_RUNNING, due_at__lt=now)

    def due_soon(self, now, until):
        return self.filter(status__in=CLOCK_RUNNING, due_at__gte=now, due_at__lt=until)

    def search(self, query: str):
        from egov.search.text import search_filter

        return self.filter(search_filter(query))


class Dossier(models.Model):
    # The agency that received the dossier, the one handling it and the unit holding it see it.
    agency_scope_fields = ("receiving_agency", "handling_agency", "current_unit")

    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        "procedures.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    status = models.CharField(_("trạng thái"), max_length=25, choices=Status.choices, default=Status.NEW)
    resume_status = models.CharField(max_length=25, choices=Status.choices, blank=True)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices, default=Channel.DESK)

    receiving_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="received_dossiers"
    )
    handling_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
    )
    current_unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="dossiers"
    )
    applicant_name = models.CharField(_("người nộp"), max_length=200)
    applicant_id_number = models.CharField(_("số định danh / mã số thuế"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    application_data = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)

    submitted_at = models.DateTimeField(_("thời điểm nộp"), default=timezone.now)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    rescheduled = models.BooleanField(_("đã hẹn lại"), default=False)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    result_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("kết quả so với hẹn"), max_length=10, choices=Outcome.choices, blank=True)

    fee_total = models.DecimalField(_("phí, lệ phí (đồng)"), max_digits=14, decimal_places=0, default=0)
    fee_paid = models.BooleanField(_("đã nộp phí"), default=False)
    register_number = models.PositiveIntegerField(_("số thứ tự trong sổ"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["handling_agency", "status", "due_at"], name="dossier_handling_status"),
            models.Index(fields=["receiving_agency", "status", "due_at"], name="dossier_receiving_status"),
            models.Index(fields=["current_handler", "status"], name="dossier_handler_status"),
            models.Index(fields=["received_at"], name="dossier_received_at"),
            models.Index(fields=["current_unit", "status", "due_at"], name="dossier_unit_status"),
            models.Index(fields=["submitted_at", "id"], name="dossier_submitted"),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk} ({self.get_status_display()})"

    @property
    def national_status(self) -> int:
        return NATIONAL_STATUS[Status(self.status)]


class DossierPaper(models.Model):
    """One paper handed in with the dossier (a row of the receipt's table of papers)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="papers")
    required_document = models.ForeignKey(
        "procedures.RequiredDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    form = models.CharField(_("hình thức"), max_length=20)
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    attachment = models.ForeignKey(
        "attachments.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_supplement = models.BooleanField(_("giấy tờ bổ sung"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy tờ trong hồ sơ")
        verbose_name_plural = _("giấy tờ trong hồ sơ")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class Handover(models.Model):
    """One hand-over of the dossier: a row of the control slip (phiếu kiểm soát) and of the timeline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handovers")
    action = models.CharField(_("thao tác"), max_length=30)
    from_status = models.CharField(max_length=25, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=Status.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_unit = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_due_at = models.DateTimeField(_("hạn xử lý bước"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm hoàn thành bước"), null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bàn giao hồ sơ")
        verbose_name_plural = _("quá trình xử lý")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.action} {self.at:%Y-%m-%d %H:%M}"


class DossierResult(models.Model):
    """An (electronic) result of a dossier, coded ``<dossier code>-KQ<n>``."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    number = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=70, unique=True)
    title = models.CharField(_("tên kết quả"), max_length=300)
    attachment = models.ForeignKey(
        "attachments.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["dossier", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="dossiers_result_number_unique")]

    def __str__(self) -> str:
        return self.code


class DailyCounter(models.Model):
    """The last sequence number issued per agency and day: the gap-free ``NNNN`` of dossier codes."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossiers_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.last_value}"
