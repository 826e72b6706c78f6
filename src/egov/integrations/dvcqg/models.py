"""What the DVCQG connector keeps: the national catalogue and its mapping to our procedures, the national
dossiers taken in (exactly once, by ``MaHoSo``), the per-dossier sync queue with every attempt, and the
local simulator's own state (demo and tests)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NationalProcedure(models.Model):
    """One procedure of the national catalogue (``LayDanhSachTTHC`` / ``LayThuTuc``)."""

    code = models.CharField(_("mã TTHC quốc gia"), max_length=50, unique=True)
    name = models.CharField(_("tên thủ tục (TENTTHC)"), max_length=1000)
    sector_code = models.CharField(_("mã lĩnh vực"), max_length=50, blank=True)
    sector_name = models.CharField(_("lĩnh vực"), max_length=300, blank=True)
    agency = models.CharField(_("cơ quan thực hiện"), max_length=500, blank=True)
    time_limit = models.CharField(_("thời hạn giải quyết"), max_length=500, blank=True)
    fee = models.CharField(_("phí, lệ phí"), max_length=500, blank=True)
    papers = models.JSONField(_("thành phần hồ sơ"), default=list, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thủ tục quốc gia")
        verbose_name_plural = _("danh mục TTHC quốc gia")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcedureMapping(models.Model):
    """Our procedure ↔ its national code: automatic (same code), suggested (name similarity) or confirmed."""

    class State(models.TextChoices):
        AUTO = "auto", _("Tự động (trùng mã)")
        SUGGESTED = "suggested", _("Gợi ý, chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")

    procedure = models.OneToOneField(
        "procedures.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="national_mapping"
    )
    national = models.ForeignKey(
        NationalProcedure, verbose_name=_("thủ tục quốc gia"), on_delete=models.CASCADE, related_name="mappings"
    )
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices)
    score = models.FloatField(_("độ tương đồng"), default=1.0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ánh xạ thủ tục")
        verbose_name_plural = _("ánh xạ thủ tục")

    def __str__(self) -> str:
        return f"{self.procedure_id} → {self.national_id} ({self.state})"

    @property
    def is_settled(self) -> bool:
        return self.state in (self.State.AUTO, self.State.CONFIRMED)


class NationalDossier(models.Model):
    """A dossier filed on DVCQG and taken in here: ``ma_ho_so`` is unique, so it becomes one dossier only."""

    class Via(models.TextChoices):
        POLL = "poll", _("Lấy về định kỳ")
        PUSH = "push", _("Cổng quốc gia đẩy sang")

    ma_ho_so = models.CharField(_("mã hồ sơ quốc gia (MaHoSo)"), max_length=100, unique=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="national"
    )
    via = models.CharField(_("cách nhận"), max_length=5, choices=Via.choices)
    fee_paid_nationally = models.DecimalField(_("phí đã nộp trên Cổng"), max_digits=14, decimal_places=0, default=0)
    payment_reference = models.CharField(_("mã giao dịch thanh toán"), max_length=100, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    seen_count = models.PositiveIntegerField(_("số lần nhận được"), default=1)

    class Meta:
        verbose_name = _("hồ sơ từ Cổng DVC quốc gia")
        verbose_name_plural = _("hồ sơ từ Cổng DVC quốc gia")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.ma_ho_so


class NationalPaper(models.Model):
    """A paper of a national dossier: our stored copy and its national code (``MaThanhPhanHoSo``)."""

    national_dossier = models.ForeignKey(NationalDossier, on_delete=models.CASCADE, related_name="papers")
    paper = models.OneToOneField("dossiers.DossierPaper", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("mã thành phần hồ sơ"), max_length=100, blank=True)
    url = models.URLField(max_length=1000, blank=True)

    def __str__(self) -> str:
        return self.code


class SyncMessage(models.Model):
    """One message to DVCQG about one dossier, in the dossier's sync sequence: ``seq`` N+1 is never sent
    before N is accepted (``error_code`` "00")."""

    class Service(models.TextChoices):
        DOSSIER = "DongBoHoSoMC", _("Đồng bộ hồ sơ")
        PROGRESS = "CapNhatTienDoHoSoMC", _("Cập nhật tiến độ")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        ACCEPTED = "accepted", _("Đã đồng bộ")
        FAILED = "failed", _("Lỗi, chờ quản trị gửi lại")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveIntegerField(_("thứ tự"))
    service = models.CharField(_("dịch vụ"), max_length=30, choices=Service.choices)
    topic = models.CharField(_("sự kiện"), max_length=100)
    national_status = models.PositiveSmallIntegerField(_("trạng thái quốc gia"), null=True, blank=True)
    payload = models.JSONField(_("nội dung gửi"), default=dict)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=80, blank=True)
    last_answer = models.TextField(_("trả lời gần nhất"), blank=True)
    event_at = models.DateTimeField(_("thời điểm sự kiện"))
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(_("thời điểm được chấp nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông điệp đồng bộ DVCQG")
        verbose_name_plural = _("thông điệp đồng bộ DVCQG")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dvcqg_sync_seq_unique")]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="dvcqg_sync_due"),
            models.Index(fields=["accepted_at"], name="dvcqg_sync_accepted"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.service} ({self.state})"

    @property
    def lag_seconds(self) -> float | None:
        if self.accepted_at is None:
            return None
        return (self.accepted_at - self.event_at).total_seconds()


class SyncAttempt(models.Model):
    """One call to DVCQG for a sync message, with what was sent and what came back."""

    message = models.ForeignKey(SyncMessage, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    ok = models.BooleanField(default=False)
    cause = models.CharField(_("nguyên nhân"), max_length=30, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_code = models.CharField(max_length=20, blank=True)
    answer = models.TextField(_("trả lời"), blank=True)

    class Meta:
        ordering = ["message", "at", "id"]

    def __str__(self) -> str:
        return f"{self.message_id} {'ok' if self.ok else self.cause}"


class NationalRating(models.Model):
    """A satisfaction rating given on DVCQG, once per national dossier."""

    national_dossier = models.OneToOneField(NationalDossier, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="dvcqg_rating_1_5")]

    def __str__(self) -> str:
        return f"{self.national_dossier_id}: {self.score}"


# --- the local simulator's state (only used when DVCQG_SIMULATOR is on) ---------------------------------


class SimDossier(models.Model):
    """A dossier "filed on the national portal" of the simulator, with the status it last heard from us."""

    ma_ho_so = models.CharField(max_length=100, unique=True)
    data = models.JSONField(default=dict)
    status = models.PositiveSmallIntegerField(default=1)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.ma_ho_so


class SimCall(models.Model):
    """Every sync call the simulator accepted, in arrival order (the tests read the order from here)."""

    service = models.CharField(max_length=40)
    ma_ho_so = models.CharField(max_length=100, db_index=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    payload = models.JSONField(default=dict)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.service} {self.ma_ho_so} {self.status}"
