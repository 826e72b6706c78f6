"""Read-side tables of the reports app: daily facts, targets and the Decision 766 index rules (as data)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyFact(models.Model):
    """One additive figure of one agency on one local day (``metric`` names are in ``facts.METRICS``).

    Maintained from domain events (``handlers.py``) and rebuilt from the raw tables by
    ``egov reports rebuild``; dashboards sum these rows instead of scanning dossiers and documents.
    """

    day = models.DateField(_("ngày"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    metric = models.CharField(_("chỉ số gốc"), max_length=40)
    value = models.BigIntegerField(_("giá trị"), default=0)

    class Meta:
        verbose_name = _("số liệu ngày")
        verbose_name_plural = _("số liệu ngày")
        constraints = [models.UniqueConstraint(fields=["day", "agency", "metric"], name="reports_fact_unique")]
        # covering: dashboards sum ``value`` by metric and day range without touching the table
        indexes = [models.Index(fields=["metric", "day", "agency", "value"], name="reports_fact_metric_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.metric}={self.value}"


class Target(models.Model):
    """A target value of an indicator (for the whole province when ``agency`` is empty) for a year."""

    indicator = models.CharField(_("chỉ tiêu"), max_length=60)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị mục tiêu"), max_digits=12, decimal_places=2)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True, help_text=_("Ví dụ: Kế hoạch số 15/KH-UBND."))

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "agency", "year"], name="reports_target_unique"),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=models.Q(agency__isnull=True), name="reports_target_province"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class IndexGroup(models.Model):
    """One of the five groups of the Decision 766 service-quality index."""

    code = models.CharField(_("mã nhóm"), max_length=20, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=200)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)

    class Meta:
        verbose_name = _("nhóm chỉ số 766")
        verbose_name_plural = _("nhóm chỉ số 766")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class IndexComponent(models.Model):
    """A component indicator of the index with its scoring rule (weights and thresholds are data).

    Rules (``method``):
    - ``ratio``: points = max_points × ratio (ratio of the linked indicator, 0..1);
    - ``threshold``: max_points if ratio ≥ threshold, else ``points_below`` (or max_points × ratio when
      ``points_below`` is empty);
    - ``manual``: the platform cannot measure it; points are entered per agency and period (nhập tay).
    """

    class Method(models.TextChoices):
        RATIO = "ratio", _("Tỷ lệ × điểm tối đa")
        THRESHOLD = "threshold", _("Theo ngưỡng")
        MANUAL = "manual", _("Nhập tay")

    group = models.ForeignKey(IndexGroup, verbose_name=_("nhóm"), on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("mã chỉ số"), max_length=30, unique=True)
    name = models.CharField(_("tên chỉ số"), max_length=300)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    method = models.CharField(_("cách tính"), max_length=10, choices=Method.choices)
    indicator = models.CharField(
        _("chỉ số nguồn"),
        max_length=60,
        blank=True,
        help_text=_("Mã chỉ số của hệ thống, ví dụ dossiers.online_share."),
    )
    threshold = models.DecimalField(
        _("ngưỡng (%)"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("Ví dụ 50 cho 50 %.")
    )
    points_below = models.DecimalField(_("điểm khi dưới ngưỡng"), max_digits=6, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("nguồn quy định"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)

    class Meta:
        verbose_name = _("chỉ số thành phần 766")
        verbose_name_plural = _("chỉ số thành phần 766")
        ordering = ["group__order", "order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def score(self, ratio: Decimal | None) -> Decimal | None:
        """Points for a ratio in percent (None: not measurable / no data)."""
        if ratio is None or self.method == self.Method.MANUAL:
            return None
        share = min(max(Decimal(ratio) / 100, Decimal(0)), Decimal(1))
        if self.method == self.Method.THRESHOLD and self.threshold is not None:
            if Decimal(ratio) >= self.threshold:
                return self.max_points
            if self.points_below is not None:
                return self.points_below
        return (self.max_points * share).quantize(Decimal("0.01"))


class ManualScore(models.Model):
    """Points entered by hand for a ``manual`` component (nhập tay), per agency (or province) and year."""

    component = models.ForeignKey(IndexComponent, on_delete=models.CASCADE, related_name="manual_scores")
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("điểm nhập tay")
        verbose_name_plural = _("điểm nhập tay")
        constraints = [models.UniqueConstraint(fields=["component", "agency", "year"], name="reports_manual_unique")]

    def __str__(self) -> str:
        return f"{self.component_id} {self.agency_id} {self.year}: {self.points}"
