"""The catalogue of administrative procedures (TTHC): what a citizen can apply for, and how it is handled."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Role
from egov.core import formatting
from egov.core.collation import vi_order
from egov.search.text import build_search_text, normalize, search_filter, tokens


def format_number(value: Decimal) -> str:
    """``Decimal("10.0")`` as ``10``, ``Decimal("0.5")`` as ``0,5`` (Vietnamese decimal comma)."""
    return formatting.number(value)


class Sector(models.Model):
    """Lĩnh vực: Hộ tịch, Chứng thực, Đất đai, Xây dựng..."""

    code = models.CharField(_("mã lĩnh vực"), max_length=30, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = [vi_order("name")]  # Vietnamese order: "Văn hóa" before "Việc làm"

    def __str__(self) -> str:
        return self.name


class ProcedureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, query: str):
        return self.filter(search_filter(query))

    def ranked_search(self, query: str):
        """``search`` with the best matches first: the whole query in the name, then every word of it in
        the name, then the rest (code or competent authority); by name within each group."""
        words = tokens(query)
        if not words:
            return self
        in_name = Q()
        for word in words:
            in_name &= Q(name_search__contains=word)
        rank = Case(
            When(name_search__contains=" ".join(words), then=Value(0)),
            When(in_name, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return self.search(query).annotate(search_rank=rank).order_by("search_rank", "name_search", "code")


class Procedure(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "working_days", _("ngày làm việc")
        WORKING_HOURS = "working_hours", _("giờ làm việc")

    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Toàn trình")
        PARTIAL = "partial", _("Một phần")
        NONE = "none", _("Không trực tuyến")

    code = models.CharField(_("mã TTHC"), max_length=30, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures")
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    competent_authority = models.CharField(
        _("cơ quan có thẩm quyền"), max_length=300, help_text=_("Như ghi trong quyết định công bố TTHC.")
    )
    agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("cơ quan giải quyết"),
        related_name="procedures",
        help_text=_("Các cơ quan trong tỉnh giải quyết thủ tục này (với thủ tục cấp xã: các UBND xã)."),
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    processing_time = models.DecimalField(_("thời hạn giải quyết"), max_digits=6, decimal_places=1)
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=15, choices=TimeUnit.choices)
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices)
    legacy_level = models.PositiveSmallIntegerField(_("mức độ cũ (1–4)"), null=True, blank=True)
    result_types = models.CharField(_("kết quả"), max_length=500, blank=True)
    application_schema = models.JSONField(_("biểu mẫu điện tử (JSON Schema)"), default=dict, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    search_text = models.TextField(editable=False, default="")
    name_search = models.CharField(max_length=500, editable=False, default="")  # the normalised name, for ranking
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = [vi_order("sector__name"), vi_order("name")]
        indexes = [models.Index(fields=["level", "is_active"])]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.code, self.name, self.competent_authority)
        self.name_search = normalize(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.legacy_level is not None and not 1 <= self.legacy_level <= 4:
            raise ValidationError({"legacy_level": _("Mức độ cũ phải từ 1 đến 4.")})
        if self.processing_time is not None and self.processing_time <= 0:
            raise ValidationError({"processing_time": _("Thời hạn giải quyết phải lớn hơn 0.")})

    def check_steps(self, steps=None) -> None:
        """The time budgets of the internal steps must add up to the statutory time.

        ``steps``: the steps to check (e.g. unsaved ones from a form); by default the saved steps.
        """
        steps = list(self.steps.all()) if steps is None else list(steps)
        total = sum((step.duration or Decimal(0) for step in steps), Decimal(0))
        if steps and self.processing_time is not None and total != self.processing_time:
            raise ValidationError(
                _("Tổng thời gian các bước (%(total)s) khác thời hạn giải quyết (%(time)s %(unit)s)."),
                code="steps_total",
                params={
                    "total": format_number(total),
                    "time": format_number(self.processing_time),
                    "unit": self.get_time_unit_display(),
                },
            )


class RequiredDocument(models.Model):
    class Form(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        COPY = "copy", _("Bản sao")
        CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
        ELECTRONIC = "electronic", _("Bản điện tử")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="required_documents")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    form = models.CharField(_("hình thức"), max_length=20, choices=Form.choices, default=Form.ORIGINAL)
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    is_mandatory = models.BooleanField(_("bắt buộc"), default=True)
    template = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("mẫu đơn, tờ khai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["procedure", "order"]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("tên phí, lệ phí"), max_length=300)
    amount = models.DecimalField(_("mức thu (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True)
    description = models.CharField(_("cách tính"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """One step of the internal process (quy trình nội bộ) with its time budget in the procedure's unit."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=300)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    unit_hint = models.CharField(
        _("bộ phận thực hiện"), max_length=200, blank=True, help_text=_("Ví dụ: Phòng Hành chính tư pháp.")
    )
    duration = models.DecimalField(_("thời gian"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="procedures_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
