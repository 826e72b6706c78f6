"""Administrative units, agencies (one tree, departments included), positions and officials."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import AgencyScopedQuerySet

ORGAN_ID_RE = re.compile(r"^[0-9A-Z]+(\.[0-9A-Z]+)*$")
ORGAN_ID_MAX_LENGTH = 35


def validate_organ_id(value: str) -> None:
    """OrganId (Decision 20/2020/QĐ-TTg): groups of [0-9A-Z] joined by '.', at most 35 characters."""
    if len(value) > ORGAN_ID_MAX_LENGTH:
        raise ValidationError(
            _("Mã định danh cơ quan dài tối đa %(max)d ký tự."),
            code="organ_id_length",
            params={"max": ORGAN_ID_MAX_LENGTH},
        )
    if not ORGAN_ID_RE.match(value):
        raise ValidationError(
            _(
                "Mã định danh cơ quan gồm các nhóm chữ số và chữ in hoa (0-9, A-Z) nối bằng dấu chấm, "
                "ví dụ 000.00.00.H12."
            ),
            code="organ_id_format",
        )


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện (cấp cũ)")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(models.QuerySet):
    def subtree(self, agency: "Agency"):
        """The agency and every agency below it (departments included)."""
        return self.filter(path__startswith=agency.path)

    def departments(self):
        return self.filter(kind=Agency.Kind.DEPARTMENT)

    def active(self):
        return self.filter(is_active=True)


class Agency(models.Model):
    """An organisation of the province: UBND, Sở, service centre, UBND xã, or a department inside one."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        OFFICE = "office", _("Văn phòng")
        PROVINCIAL_DEPARTMENT = "provincial_department", _("Sở, ban, ngành")
        SERVICE_CENTER = "service_center", _("Trung tâm phục vụ hành chính công")
        PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp")
        DEPARTMENT = "department", _("Phòng, ban (đơn vị trực thuộc)")

    code = models.CharField(
        _("mã định danh (OrganId)"),
        max_length=ORGAN_ID_MAX_LENGTH,
        unique=True,
        validators=[validate_organ_id],
    )
    name = models.CharField(_("tên cơ quan"), max_length=200)
    abbreviation = models.CharField(
        _("viết tắt"), max_length=20, help_text=_("Dùng trong ký hiệu văn bản, ví dụ UBND, SNV, VP.")
    )
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="agencies"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {k: v for k, v in kwargs.items() if k not in ("force_insert",)}
        old_path = self.path
        self.path = self.tree_path(self.parent, self.pk)
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in Agency.objects.filter(parent=self):
                child.save()

    def clean(self) -> None:
        if self.kind == self.Kind.DEPARTMENT and self.parent_id is None:
            raise ValidationError({"parent": _("Phòng, ban phải thuộc một cơ quan cấp trên.")})
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Cơ quan cấp trên không được là chính nó hoặc đơn vị cấp dưới.")})
            ancestor = ancestor.parent

    @staticmethod
    def tree_path(parent: "Agency | None", pk: int) -> str:
        """The ``path`` of agency ``pk`` placed under ``parent``: ``/<root pk>/.../<pk>/``."""
        return f"{parent.path if parent else '/'}{pk}/"

    @property
    def depth(self) -> int:
        """0 for a root agency, 1 for its children, and so on."""
        return max(self.path.count("/") - 2, 0)

    @property
    def is_department(self) -> bool:
        return self.kind == self.Kind.DEPARTMENT

    @property
    def organisation(self) -> "Agency":
        """The agency a department belongs to (itself when it is not a department)."""
        agency = self
        while agency.kind == self.Kind.DEPARTMENT and agency.parent_id:
            agency = agency.parent
        return agency


class Position(models.Model):
    """A title: Chủ tịch, Giám đốc, Trưởng phòng, Chuyên viên..."""

    name = models.CharField(_("chức vụ"), max_length=100, unique=True)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), default=100, help_text=_("Nhỏ hơn là cao hơn."))
    is_leader = models.BooleanField(_("là lãnh đạo"), default=False)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A civil servant in the directory (cán bộ, công chức, viên chức)."""

    # A specialist's scope is his department, which is not the ``agency`` of its officials: both keys own a row.
    agency_scope_fields = ("agency", "department")

    full_name = models.CharField(_("họ và tên"), max_length=50)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="officials")
    department = models.ForeignKey(
        Agency,
        verbose_name=_("phòng, ban"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="department_officials",
    )
    position = models.ForeignKey(Position, verbose_name=_("chức vụ"), on_delete=models.PROTECT)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    is_focal_point = models.BooleanField(_("đầu mối liên hệ"), default=False)
    is_active = models.BooleanField(_("đang công tác"), default=True)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ, công chức")
        verbose_name_plural = _("cán bộ, công chức")
        ordering = ["agency__path", "position__rank", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.position}"

    def clean(self) -> None:
        if self.department_id and self.department.parent_id != self.agency_id:
            raise ValidationError({"department": _("Phòng, ban phải thuộc cơ quan đã chọn.")})

    @property
    def unit(self) -> Agency:
        """The smallest unit the official works in: the department, or the agency."""
        return self.department or self.agency
