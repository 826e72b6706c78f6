"""Official documents (văn bản) of Decree 30/2020: registers, incoming and outgoing documents, their trail.

State changes happen only through ``services``; the allowed ones are in ``transitions.py``. Who may see a
document: ``for_user`` = agency scoping (``agencies.scoping``) plus the user's secrecy clearance.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import AGENCY_WIDE_ROLES
from egov.agencies.scoping import AgencyScopedQuerySet, scope_of, visible_agency_ids

from .transitions import INCOMING_OPEN, IncomingStatus, OutgoingStatus, WorkFileStatus


class Urgency(models.IntegerChoices):
    NORMAL = 0, _("Thường")
    URGENT = 1, _("Khẩn")
    VERY_URGENT = 2, _("Thượng khẩn")
    FLASH = 3, _("Hỏa tốc")


class Secrecy(models.IntegerChoices):
    NORMAL = 0, _("Thường")
    SECRET = 1, _("Mật")
    TOP_SECRET = 2, _("Tối mật")
    ULTRA_SECRET = 3, _("Tuyệt mật")


class Channel(models.TextChoices):
    PAPER = "paper", _("Văn bản giấy")
    ELECTRONIC = "electronic", _("Văn bản điện tử")


class DocumentType(models.Model):
    """A kind of document (Quyết định, Công văn...) with its abbreviation and approval chain (as data)."""

    name = models.CharField(_("tên loại văn bản"), max_length=100, unique=True)
    abbreviation = models.CharField(_("chữ viết tắt"), max_length=10, unique=True)
    in_notation = models.BooleanField(
        _("có tên loại trong ký hiệu"), default=True, help_text=_("Công văn không có tên loại trong ký hiệu.")
    )
    approval_chain = models.JSONField(
        _("trình tự duyệt"),
        default=list,
        blank=True,
        help_text=_("Vai trò duyệt lần lượt sau chuyên viên soạn thảo, ví dụ department_head, agency_leader."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SecrecyClearance(models.Model):
    """The highest secrecy level a user may read; users without a row read only normal documents."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="secrecy_clearance")
    max_level = models.PositiveSmallIntegerField(_("độ mật tối đa được xem"), choices=Secrecy.choices)

    class Meta:
        verbose_name = _("quyền xem văn bản mật")
        verbose_name_plural = _("quyền xem văn bản mật")

    def __str__(self) -> str:
        return f"{self.user} ≤ {self.get_max_level_display()}"


def clearance_of(user) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return Secrecy.NORMAL
    cached = getattr(user, "_egov_secrecy_clearance", None)
    if cached is None:
        row = SecrecyClearance.objects.filter(user_id=user.pk).values_list("max_level", flat=True).first()
        cached = row or Secrecy.NORMAL
        user._egov_secrecy_clearance = cached
    return cached


class DocumentRegister(models.Model):
    """A register (sổ) of one agency for one year: its counter is the gap-free number series."""

    class Kind(models.TextChoices):
        INCOMING = "incoming", _("Sổ văn bản đến")
        OUTGOING = "outgoing", _("Sổ văn bản đi")

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="document_registers")
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại sổ"), max_length=10, choices=Kind.choices)
    is_secret = models.BooleanField(_("sổ văn bản mật"), default=False)
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        ordering = ["agency", "-year", "kind", "is_secret"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kind", "is_secret"], name="documents_register_unique")
        ]

    def __str__(self) -> str:
        secret = " (mật)" if self.is_secret else ""
        return f"{self.get_kind_display()}{secret} {self.year}"


class DocumentQuerySet(models.QuerySet):
    """Agency scoping plus the secrecy clearance; ``extra_scope`` adds rows visible to a unit."""

    def for_user(self, user):
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        visible = self if scope.everything else self.filter(self._scope_q(visible_agency_ids(user), user))
        return visible.filter(secrecy__lte=clearance_of(user))

    def _scope_q(self, ids, user) -> Q:
        return Q(agency__in=ids)

    def search(self, query: str):
        """Every word of ``query``, diacritics ignored: full text on PostgreSQL (GIN), ``LIKE`` elsewhere."""
        from .fulltext import search

        return search(self, query)


def _agency_wide(user) -> bool:
    """Agency-wide roles see whole agencies, which already hold every unit a document is handled or drafted in.
    So does a principal without a user row (a partner system's token): ``lead_user_id=None`` would otherwise
    match every document nobody leads."""
    return user.pk is None or bool(user.role_codes & AGENCY_WIDE_ROLES)


class IncomingQuerySet(DocumentQuerySet):
    def _scope_q(self, ids, user) -> Q:
        if _agency_wide(user):
            return Q(agency__in=ids)
        assigned = Assignment.objects.filter(document=OuterRef("pk")).filter(Q(unit__in=ids) | Q(user_id=user.pk))
        return Q(agency__in=ids) | Q(lead_unit__in=ids) | Q(lead_user_id=user.pk) | Exists(assigned)

    def open(self):
        return self.filter(status__in=INCOMING_OPEN)

    def overdue(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())


class OutgoingQuerySet(DocumentQuerySet):
    def _scope_q(self, ids, user) -> Q:
        if _agency_wide(user):
            return Q(agency__in=ids)
        return Q(agency__in=ids) | Q(drafting_unit__in=ids) | Q(author_id=user.pk)


class DocumentMetadata(models.Model):
    """The Decree 30 metadata shared by incoming and outgoing documents (Phụ lục VI lengths)."""

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("số"), max_length=11, blank=True)
    notation = models.CharField(_("số, ký hiệu"), max_length=30, blank=True, db_index=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500)
    signer_name = models.CharField(_("người ký"), max_length=50, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    urgency = models.PositiveSmallIntegerField(_("độ khẩn"), choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.PositiveSmallIntegerField(_("độ mật"), choices=Secrecy.choices, default=Secrecy.NORMAL)
    register = models.ForeignKey(
        DocumentRegister, verbose_name=_("sổ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attachments = models.ManyToManyField("attachments.Attachment", blank=True, related_name="+")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now)
    recalled_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_urgent(self) -> bool:
        return self.urgency > Urgency.NORMAL


class IncomingDocument(DocumentMetadata):
    """A document received by ``agency`` (văn bản đến), on paper or electronically."""

    status = models.CharField(
        _("trạng thái"), max_length=20, choices=IncomingStatus.choices, default=IncomingStatus.PENDING
    )
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices, default=Channel.ELECTRONIC)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200)
    issuer_code = models.CharField(_("mã cơ quan ban hành"), max_length=35, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    arrival_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)
    arrival_date = models.DateTimeField(_("ngày đến"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    direction_note = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    origin = models.ForeignKey(
        "OutgoingDocument",
        verbose_name=_("văn bản đi gốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delivered_copies",
    )
    done_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)
    done_late = models.BooleanField(_("hoàn thành trễ hạn"), default=False)

    objects = IncomingQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["register", "arrival_number"], name="documents_arrival_number_unique")
        ]
        indexes = [
            models.Index(fields=["agency", "status", "deadline"], name="doc_in_agency_status"),
            models.Index(fields=["lead_unit", "status"], name="doc_in_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.notation or self.number} — {self.subject[:60]}"

    @property
    def is_overdue(self) -> bool:
        if self.status in INCOMING_OPEN:
            return bool(self.deadline and self.deadline < timezone.localdate())
        return self.done_late


class OutgoingDocument(DocumentMetadata):
    """A document drafted and issued by ``agency`` (văn bản đi); numbered when issued."""

    status = models.CharField(
        _("trạng thái"), max_length=25, choices=OutgoingStatus.choices, default=OutgoingStatus.DRAFT
    )
    drafting_unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị soạn thảo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn thảo"), on_delete=models.PROTECT, related_name="+"
    )
    review_step = models.PositiveSmallIntegerField(_("bước duyệt hiện tại"), default=0)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sequence = models.PositiveIntegerField(_("số thứ tự trong sổ"), null=True, blank=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)
    signed_at = models.DateTimeField(
        _("thời điểm ký số"),
        null=True,
        blank=True,
        help_text=_("Khi tệp ban hành đã được ký số (người ký, rồi cơ quan ban hành); trống nếu chưa ký."),
    )
    internal_recipients = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("nơi nhận trong hệ thống"), blank=True, related_name="+"
    )
    external_recipients = models.TextField(_("nơi nhận ngoài hệ thống"), blank=True, help_text=_("Mỗi dòng một nơi."))
    archive_copies = models.CharField(
        _("lưu"),
        max_length=300,
        blank=True,
        help_text=_("Bản lưu, không phải nơi nhận, ví dụ: VT, HCTP (dòng “Lưu:” của phần nơi nhận)."),
    )
    recall_reason = models.TextField(_("lý do thu hồi"), blank=True)

    objects = OutgoingQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["register", "sequence"], name="documents_outgoing_number_unique")
        ]
        indexes = [models.Index(fields=["agency", "status"], name="doc_out_agency_status")]

    def __str__(self) -> str:
        return f"{self.notation or _('Dự thảo')} — {self.subject[:60]}"

    @property
    def external_recipient_list(self) -> list[str]:
        """The external recipients, one a line; a "Lưu: …" line is the archive list, not a recipient."""
        from .recipients import split_recipients

        return split_recipients(self.external_recipients)[0]

    @property
    def archive_list(self) -> list[str]:
        """The copies kept ("Lưu: VT, HCTP"): the stored list, plus any "Lưu:" line left among the recipients."""
        from .recipients import archive_entries, split_recipients

        listed = split_recipients(self.external_recipients)[1]
        return list(dict.fromkeys([*archive_entries(self.archive_copies), *listed]))

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class DraftVersion(models.Model):
    """One version of the draft's main file."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    attachment = models.ForeignKey("attachments.Attachment", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(editable=False, default="", help_text="Text extracted once from the file, for search.")
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="documents_version_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class Assignment(models.Model):
    """Who handles an incoming document: the lead, the cooperating units, the units informed."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COOPERATE = "cooperate", _("Phối hợp")
        INFORM = "inform", _("Để biết")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang xử lý")
        DONE = "done", _("Đã xong")

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(_("vai trò xử lý"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey("agencies.Agency", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phân công xử lý")
        verbose_name_plural = _("phân công xử lý")
        ordering = ["document", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user or self.unit}"


class ProgressNote(models.Model):
    """An opinion or a progress report recorded by a handler."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="progress_notes")
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nội dung"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewComment(models.Model):
    """A comment on a draft by a reviewer (or the author's answer)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(DraftVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("ý kiến"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Dispatch(models.Model):
    """One recipient of an issued document: an agency on the platform, or a place outside it."""

    class Method(models.TextChoices):
        PLATFORM = "platform", _("Gửi trong hệ thống")
        EDXML = "edxml", _("Gửi liên thông (edXML)")
        PAPER = "paper", _("Gửi bản giấy")
        EMAIL = "email", _("Gửi thư điện tử")

    ELECTRONIC_METHODS = (Method.PLATFORM, Method.EDXML, Method.EMAIL)

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="dispatches")
    recipient_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField(_("nơi nhận"), max_length=300)
    method = models.CharField(_("hình thức gửi"), max_length=10, choices=Method.choices)
    incoming = models.OneToOneField(
        IncomingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="dispatch"
    )
    sent_at = models.DateTimeField(_("ngày gửi"))

    class Meta:
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return self.recipient_name

    @property
    def is_electronic(self) -> bool:
        return self.method in self.ELECTRONIC_METHODS


class TrailEntry(models.Model):
    """One step of a document's processing trail (the timeline shown on the document page)."""

    incoming = models.ForeignKey(
        IncomingDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="trail"
    )
    outgoing = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="trail"
    )
    action = models.CharField(_("thao tác"), max_length=30)
    from_status = models.CharField(max_length=25, blank=True)
    to_status = models.CharField(max_length=25)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quá trình xử lý văn bản")
        verbose_name_plural = _("quá trình xử lý văn bản")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(incoming__isnull=False) & Q(outgoing__isnull=True))
                | (Q(incoming__isnull=True) & Q(outgoing__isnull=False)),
                name="documents_trail_one_document",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        from .transitions import action_label

        return action_label("incoming" if self.incoming_id else "outgoing", self.action)


class WorkFile(models.Model):
    """A work file (hồ sơ công việc) of the agency's yearly plan: documents are collected in it while it is
    open; a closed file is read-only and waits to be handed to the archive."""

    agency_scope_fields = ("agency", "unit")

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "agencies.Agency", verbose_name=_("đơn vị lập hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(_("số và ký hiệu hồ sơ"), max_length=30)
    title = models.CharField(_("tiêu đề hồ sơ"), max_length=500)
    retention = models.CharField(_("thời hạn bảo quản"), max_length=50, help_text=_("Ví dụ: 10 năm, Vĩnh viễn."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=WorkFileStatus.choices, default=WorkFileStatus.PLANNED
    )
    opened_at = models.DateTimeField(_("ngày mở"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ngày đóng"), null=True, blank=True)
    incoming = models.ManyToManyField(IncomingDocument, blank=True, related_name="work_files")
    outgoing = models.ManyToManyField(OutgoingDocument, blank=True, related_name="work_files")

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ công việc")
        verbose_name_plural = _("hồ sơ công việc")
        ordering = ["agency", "-year", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "code"], name="documents_workfile_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.title[:60]}"
