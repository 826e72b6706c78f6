"""The online services portal: citizen profiles, sign-up codes, application drafts and satisfaction ratings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CitizenProfile(models.Model):
    """What a citizen or business tells about themselves once, reused to prefill applications."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_profile")
    id_number = models.CharField(_("số định danh cá nhân / mã số thuế"), max_length=20, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    is_verified = models.BooleanField(_("đã xác minh liên hệ"), default=False)

    class Meta:
        verbose_name = _("hồ sơ công dân")
        verbose_name_plural = _("hồ sơ công dân")

    def __str__(self) -> str:
        return str(self.user)


class VerificationCode(models.Model):
    """A one-time code sent by e-mail or SMS to confirm a new account's contact (stored hashed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=128)
    channel = models.CharField(max_length=10)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel} {self.created_at:%Y-%m-%d %H:%M}"


class ApplicationDraft(models.Model):
    """An online application in progress; consumed (``dossier`` set) when submitted, exactly once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_drafts")
    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.CASCADE, related_name="+")
    receiving_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("nơi nộp hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)
    # {"<required document pk or 'other'>": attachment pk}
    papers = models.JSONField(default=dict, blank=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="portal_draft"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.procedure_id} / {self.user_id}"

    @property
    def is_submitted(self) -> bool:
        return self.dossier_id is not None


class Rating(models.Model):
    """The applicant's satisfaction with a finished dossier (one per dossier)."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="rating")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("mức độ hài lòng"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("góp ý"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="portal_rating_1_5")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"


class StoredPaper(models.Model):
    """The personal data store (kho dữ liệu cá nhân): a paper the citizen uploaded or a result they received,
    kept so that a later application can reuse it instead of uploading it again. Seen by its owner only."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Giấy tờ đã tải lên")
        RESULT = "result", _("Kết quả giải quyết đã nhận")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_papers")
    attachment = models.ForeignKey("attachments.Attachment", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    dossier = models.ForeignKey("dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu cá nhân")
        verbose_name_plural = _("kho dữ liệu cá nhân")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="portal_storedpaper_user_idx")]
        constraints = [models.UniqueConstraint(fields=["user", "attachment"], name="portal_storedpaper_once")]

    def __str__(self) -> str:
        return self.name


class PaperSignatureCheck(models.Model):
    """The result of verifying the digital signature(s) of an uploaded PDF, shown to citizen and officer."""

    class Outcome(models.TextChoices):
        VALID = "valid", _("Chữ ký số hợp lệ")
        INVALID = "invalid", _("Chữ ký số không hợp lệ")
        UNKNOWN_SIGNER = "unknown", _("Chưa xác định được người ký (chứng thư số không do tổ chức tin cậy cấp)")

    attachment = models.OneToOneField("attachments.Attachment", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    signer = models.CharField(_("người ký"), max_length=300, blank=True)
    organisation = models.CharField(_("tổ chức"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    signatures = models.PositiveSmallIntegerField(_("số chữ ký"), default=1)
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả kiểm tra chữ ký số")
        verbose_name_plural = _("kết quả kiểm tra chữ ký số")

    def __str__(self) -> str:
        return f"{self.attachment_id}: {self.outcome}"

    @property
    def is_valid(self) -> bool:
        return self.outcome == self.Outcome.VALID
