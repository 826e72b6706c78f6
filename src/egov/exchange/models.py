"""Inter-agency exchange: the directory of external agencies, every edXML message sent or received, and
what each external recipient reported about a document we sent."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet

from .edxml.model import STATUS_LABELS
from .transitions import MessageState

BUSINESS_LABELS = {
    "new": _("Văn bản mới"),
    "revoke": _("Thu hồi"),
    "update": _("Cập nhật"),
    "replace": _("Thay thế"),
}


class ExternalAgency(models.Model):
    """An agency outside this installation that we exchange edXML with (directly or through the hub)."""

    class Transport(models.TextChoices):
        DEFAULT = "", _("Theo cấu hình chung")
        PEER = "peer", _("Trực tiếp (HTTPS, egov khác)")
        HUB = "hub", _("Trục liên thông văn bản quốc gia")
        SIMULATOR = "simulator", _("Trục mô phỏng (thử nghiệm)")
        LGSP = "lgsp", _("Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)")

    organ_id = models.CharField(_("mã định danh (OrganId)"), max_length=35, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=200)
    transport = models.CharField(_("đường gửi"), max_length=10, choices=Transport.choices, blank=True)
    endpoint = models.URLField(_("địa chỉ nhận (egov khác)"), blank=True)
    shared_secret = models.CharField(
        _("khóa bí mật dùng chung"), max_length=200, blank=True, help_text=_("Dùng để ký HMAC khi gửi trực tiếp.")
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang liên thông"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cơ quan liên thông")
        verbose_name_plural = _("cơ quan liên thông")
        ordering = ["organ_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organ_id})"


class ExchangeMessageQuerySet(AgencyScopedQuerySet):
    def due(self, now=None):
        return self.filter(
            direction=ExchangeMessage.Direction.OUT,
            state__in=[MessageState.QUEUED, MessageState.RETRYING],
            next_attempt_at__lte=now or timezone.now(),
        )


class ExchangeMessage(models.Model):
    """One edXML message (a document, a revoke/update/replace of one, or a status), kept as sent or received.

    ``key`` makes delivery idempotent per (direction, peer): a new document's key is its DocumentId.
    """

    agency_scope_fields = ("local_agency",)

    class Direction(models.TextChoices):
        OUT = "out", _("Gửi đi")
        IN = "in", _("Nhận về")

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Văn bản")
        STATUS = "status", _("Trạng thái")

    direction = models.CharField(_("chiều"), max_length=3, choices=Direction.choices)
    peer = models.ForeignKey(
        ExternalAgency, verbose_name=_("cơ quan bên kia"), on_delete=models.PROTECT, related_name="messages"
    )
    local_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    business_type = models.CharField(_("nghiệp vụ"), max_length=10, default="new")
    status_code = models.CharField(_("mã trạng thái"), max_length=2, blank=True)
    document_id = models.CharField(_("mã văn bản (DocumentId)"), max_length=100, db_index=True)
    key = models.CharField(max_length=200)
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=MessageState.choices)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    xml = models.FileField(_("tệp edXML"), upload_to="exchange/%Y/%m/", max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    outgoing = models.ForeignKey(
        "documents.OutgoingDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incoming = models.ForeignKey(
        "documents.IncomingDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("thời điểm gửi/nhận"), null=True, blank=True)

    objects = ExchangeMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông điệp liên thông")
        verbose_name_plural = _("thông điệp liên thông")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "peer", "local_agency", "key"], name="exchange_message_unique_key"
            ),
        ]
        indexes = [
            models.Index(fields=["direction", "state", "next_attempt_at"], name="exchange_msg_due"),
            models.Index(fields=["incoming", "direction"], name="exchange_msg_incoming"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.document_id} ({self.get_state_display()})"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status_code, self.status_code)

    @property
    def business_label(self) -> str:
        return str(BUSINESS_LABELS.get(self.business_type, self.business_type))


class RecipientStatus(models.Model):
    """The latest status an external recipient reported for a document we sent, with the history."""

    outgoing = models.ForeignKey("documents.OutgoingDocument", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(ExternalAgency, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("mã trạng thái"), max_length=2, blank=True)
    description = models.CharField(_("mô tả"), max_length=500, blank=True)
    at = models.DateTimeField(_("thời điểm"), null=True, blank=True)
    history = models.JSONField(default=list, help_text="[{code, description, staff, at}], oldest first")

    class Meta:
        verbose_name = _("trạng thái tại nơi nhận")
        verbose_name_plural = _("trạng thái tại nơi nhận")
        constraints = [
            models.UniqueConstraint(fields=["outgoing", "recipient"], name="exchange_recipient_status_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.label}"

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.code, self.code or "—")

    @property
    def codes(self) -> list[str]:
        return [entry["code"] for entry in self.history]


class PeerNonce(models.Model):
    """Nonces seen from a peer within the replay window (a repeated nonce is a replay)."""

    peer = models.ForeignKey(ExternalAgency, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "nonce"], name="exchange_nonce_unique")]

    def __str__(self) -> str:
        return self.nonce


class LgspReceipt(models.Model):
    """One document id of the provincial LGSP, taken once: polled again (the acknowledgement was lost, or the
    platform lists it twice), it is only acknowledged again, never received twice."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Đã nhận")
        REFUSED = "refused", _("Từ chối")

    lgsp_id = models.CharField(_("mã gói tin trên LGSP"), max_length=100, unique=True)
    organ_id = models.CharField(_("nhận cho (OrganId)"), max_length=35)
    sender = models.CharField(_("nơi gửi (OrganId)"), max_length=35, blank=True)
    message_type = models.CharField(_("loại gói tin"), max_length=10)
    state = models.CharField(_("kết quả"), max_length=10, choices=State.choices)
    document_id = models.CharField(_("mã văn bản (DocumentId)"), max_length=100, blank=True)
    error = models.TextField(_("lý do từ chối"), blank=True)
    received_at = models.DateTimeField(_("thời điểm nhận"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("thời điểm báo nhận cho LGSP"), null=True, blank=True)

    class Meta:
        verbose_name = _("gói tin nhận từ LGSP")
        verbose_name_plural = _("gói tin nhận từ LGSP")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.lgsp_id} ({self.get_state_display()})"
