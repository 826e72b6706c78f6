"""Questions (hỏi đáp), feedback (phản ánh, kiến nghị) and drafts put to public consultation.

``Submission`` holds both questions and feedback items (``kind``); ``Question`` and ``Feedback`` are its
proxies. State changes happen only through ``services.py``; the allowed ones are in ``transitions.py``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet

from .transitions import ANSWERED, OPEN, ConsultationStatus, Status


class Kind(models.TextChoices):
    QUESTION = "question", _("Câu hỏi")
    FEEDBACK = "feedback", _("Phản ánh, kiến nghị")


class RejectReason(models.TextChoices):
    SPAM = "spam", _("Tin rác, nội dung không phù hợp")
    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi giải quyết")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Hài lòng")
    ACCEPTABLE = "acceptable", _("Chấp nhận được")
    UNSATISFIED = "unsatisfied", _("Không hài lòng")


class SubmissionQuerySet(AgencyScopedQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def open(self):
        return self.filter(status__in=OPEN)

    def answered(self):
        return self.filter(status__in=ANSWERED)

    def overdue(self, now=None):
        return self.filter(status__in=OPEN, due_at__lt=now or timezone.now())

    def search(self, query: str):
        from egov.search.text import search_filter

        return self.filter(search_filter(query))


class Submission(models.Model):
    """A question or a feedback item sent by anyone, with its answer."""

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    title = models.CharField(_("tiêu đề"), max_length=250)
    content = models.TextField(_("nội dung"))
    topic = models.CharField(_("chủ đề"), max_length=150, blank=True)
    sector = models.ForeignKey(
        "procedures.Sector", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.SET_NULL
    )
    attachment = models.ForeignKey(
        "attachments.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Personal data: never shown on public pages.
    name = models.CharField(_("họ và tên"), max_length=120)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    contact_key = models.CharField(max_length=254, editable=False, db_index=False)
    ip_hash = models.CharField(max_length=64, editable=False, blank=True)

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan xử lý"), on_delete=models.PROTECT, related_name="+"
    )
    chosen_by_submitter = models.BooleanField(_("người gửi chọn cơ quan"), default=False)
    submitted_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    due_at = models.DateTimeField(_("hạn trả lời"))
    routed_at = models.DateTimeField(_("thời điểm chuyển xử lý"), null=True, blank=True)

    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời (đã duyệt)"), null=True, blank=True)
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    reject_reason = models.CharField(_("lý do không xử lý"), max_length=15, choices=RejectReason.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    rating = models.CharField(_("mức độ hài lòng"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("ý kiến thêm"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu hỏi, phản ánh")
        verbose_name_plural = _("câu hỏi, phản ánh")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="fb_agency_status_due"),
            models.Index(fields=["kind", "status", "published_at"], name="fb_public_list"),
            models.Index(fields=["submitted_at", "id"], name="fb_submitted"),
            models.Index(fields=["ip_hash", "submitted_at"], name="fb_ip_rate"),
            models.Index(fields=["contact_key", "submitted_at"], name="fb_contact_rate"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def is_overdue(self, now=None) -> bool:
        return self.status in OPEN and self.due_at < (now or timezone.now())

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


def mask_name(name: str) -> str:
    """``Nguyễn Văn An`` → ``N*** V*** A***``: the initials only, for public pages."""
    words = (name or "").split()
    return " ".join(f"{w[0].upper()}***" for w in words) or "—"


class _KindManager(models.Manager.from_queryset(SubmissionQuerySet)):
    kind = ""

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)


class _QuestionManager(_KindManager):
    kind = Kind.QUESTION


class _FeedbackManager(_KindManager):
    kind = Kind.FEEDBACK


class Question(Submission):
    objects = _QuestionManager()

    class Meta:
        proxy = True
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("hỏi đáp")


class Feedback(Submission):
    objects = _FeedbackManager()

    class Meta:
        proxy = True
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")


class SubmissionStep(models.Model):
    """One step of a submission's handling (the staff timeline); the audit log keeps the same facts."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("thao tác"), max_length=20)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    from_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["submission", "at", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.action}"


# --- Consultation on drafts ------------------------------------------------------------------------


class ConsultationQuerySet(AgencyScopedQuerySet):
    def public(self):
        return self.exclude(status=ConsultationStatus.DRAFT)


class Consultation(models.Model):
    """A draft published by an agency for public comment during a period (dự thảo lấy ý kiến)."""

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT)
    title = models.CharField(_("tên dự thảo"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    attachment = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp dự thảo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opens_on = models.DateField(_("ngày bắt đầu lấy ý kiến"))
    closes_on = models.DateField(_("ngày kết thúc lấy ý kiến"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    summary_text = models.TextField(_("tổng hợp, giải trình ý kiến"), blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")
        ordering = ["-opens_on", "-id"]
        indexes = [models.Index(fields=["status", "opens_on"], name="fb_consultation_public")]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == ConsultationStatus.PUBLISHED and self.opens_on <= today <= self.closes_on

    def has_ended(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on


class DraftSection(models.Model):
    """An article or paragraph of a draft, numbered in order, which people may comment on."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    heading = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    text = models.TextField(_("nội dung"))

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="fb_section_number_unique")]

    def __str__(self) -> str:
        return self.heading or _("Mục %(number)s") % {"number": self.number}


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Đã duyệt")
    HIDDEN = "hidden", _("Đã ẩn")


class ConsultationComment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        DraftSection,
        verbose_name=_("điều, khoản góp ý"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    name = models.CharField(_("họ và tên"), max_length=120)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=200, blank=True)
    text = models.TextField(_("nội dung góp ý"))
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    answer = models.TextField(_("tiếp thu, giải trình"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    contact_key = models.CharField(max_length=254, editable=False)
    ip_hash = models.CharField(max_length=64, editable=False, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation", "submitted_at", "id"]
        indexes = [
            models.Index(fields=["consultation", "status"], name="fb_comment_status"),
            models.Index(fields=["ip_hash", "submitted_at"], name="fb_comment_ip_rate"),
            models.Index(fields=["contact_key", "submitted_at"], name="fb_comment_contact_rate"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.text[:40]}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)
