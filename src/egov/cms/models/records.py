"""Public records of the portal that are data rather than pages: legal and direction documents, the
official gazette (Công báo) and the procurement/projects list. Publication state changes only through
``cms.services`` (table in ``cms.transitions``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet
from egov.search.text import build_search_text, search_filter

from ..transitions import PublicationStatus


class PublicQuerySet(AgencyScopedQuerySet):
    def public(self):
        return self.filter(publication=PublicationStatus.PUBLISHED)

    def search(self, query: str):
        return self.filter(search_filter(query))


class PublishedRecord(models.Model):
    """Fields shared by the records: owner agency, publication state, search column."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan đăng tải"), on_delete=models.PROTECT, related_name="+"
    )
    publication = models.CharField(
        _("trạng thái đăng tải"), max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    search_text = models.TextField(editable=False, default="")
    attachments = models.ManyToManyField("attachments.Attachment", verbose_name=_("tệp"), blank=True, related_name="+")

    objects = PublicQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(*self.searchable())
        super().save(*args, **kwargs)

    def searchable(self) -> tuple:
        return ()

    @property
    def is_public(self) -> bool:
        return self.publication == PublicationStatus.PUBLISHED


class LegalDocument(PublishedRecord):
    """A legal (quy phạm pháp luật) or direction (chỉ đạo, điều hành) document published on the portal."""

    class Category(models.TextChoices):
        LEGAL = "legal", _("Văn bản quy phạm pháp luật")
        DIRECTION = "direction", _("Văn bản chỉ đạo, điều hành")

    class Validity(models.TextChoices):
        NOT_YET = "not_yet", _("Chưa có hiệu lực")
        IN_FORCE = "in_force", _("Còn hiệu lực")
        PARTLY_EXPIRED = "partly_expired", _("Hết hiệu lực một phần")
        EXPIRED = "expired", _("Hết hiệu lực toàn bộ")

    number = models.CharField(_("số, ký hiệu"), max_length=50, db_index=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=100)
    category = models.CharField(_("nhóm văn bản"), max_length=10, choices=Category.choices, default=Category.LEGAL)
    issuing_authority = models.CharField(_("cơ quan ban hành"), max_length=200)
    signer = models.CharField(_("người ký"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500)
    sector = models.CharField(_("lĩnh vực"), max_length=100, blank=True, db_index=True)
    validity = models.CharField(_("tình trạng hiệu lực"), max_length=15, choices=Validity.choices)
    source_outgoing = models.OneToOneField(
        "documents.OutgoingDocument",
        verbose_name=_("văn bản đi gốc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("văn bản pháp luật, chỉ đạo điều hành")
        verbose_name_plural = _("văn bản pháp luật, chỉ đạo điều hành")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["publication", "-issued_on"], name="cms_legal_pub_issued"),
            models.Index(fields=["doc_type"], name="cms_legal_type"),
            models.Index(fields=["validity"], name="cms_legal_validity"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject[:60]}"

    def searchable(self) -> tuple:
        return (self.number, self.doc_type, self.issuing_authority, self.signer, self.subject, self.sector)


class GazetteIssue(PublishedRecord):
    """One issue of the province's official gazette: number within the year, date, PDF, its documents."""

    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    issued_on = models.DateField(_("ngày phát hành"))
    title = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    pdf = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp PDF"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    documents = models.ManyToManyField(
        LegalDocument, verbose_name=_("văn bản trong số"), blank=True, related_name="gazette_issues"
    )

    class Meta:
        verbose_name = _("số công báo")
        verbose_name_plural = _("số công báo")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="cms_gazette_year_number")]
        indexes = [models.Index(fields=["publication", "year"], name="cms_gazette_pub_year")]

    def __str__(self) -> str:
        return f"Công báo số {self.number}/{self.year}"

    def searchable(self) -> tuple:
        return (self.title, f"{self.number}/{self.year}")


class ProcurementItem(PublishedRecord):
    """A procurement package or public investment project (thông tin đấu thầu, dự án)."""

    class Kind(models.TextChoices):
        PROCUREMENT = "procurement", _("Gói thầu, mua sắm")
        PROJECT = "project", _("Dự án đầu tư")

    class Stage(models.TextChoices):
        PLANNED = "planned", _("Kế hoạch")
        BIDDING = "bidding", _("Đang mời thầu")
        AWARDED = "awarded", _("Đã có kết quả lựa chọn nhà thầu")
        IMPLEMENTING = "implementing", _("Đang thực hiện")
        COMPLETED = "completed", _("Đã hoàn thành")

    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("tên gói thầu, dự án"), max_length=300)
    investor = models.CharField(_("chủ đầu tư, bên mời thầu"), max_length=200)
    value = models.DecimalField(_("giá trị (đồng)"), max_digits=18, decimal_places=0)
    stage = models.CharField(_("tình trạng"), max_length=12, choices=Stage.choices)
    started_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("gói thầu, dự án")
        verbose_name_plural = _("gói thầu, dự án")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["publication", "kind", "stage"], name="cms_procurement_pub")]

    def __str__(self) -> str:
        return self.name

    def searchable(self) -> tuple:
        return (self.name, self.investor, self.description)
