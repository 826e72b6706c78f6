"""IT plans (kế hoạch ứng dụng CNTT) with their indicators, projects and tasks, and the periodic reports of
Decree 09/2019 (templates, schedules, one submission per unit and period).

Every change goes through ``plans.services``; the transition table of submissions is ``plans.transitions``.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet, scope_of, visible_agency_ids

from .transitions import OPEN, SubmissionStatus


def is_it_department(user) -> bool:
    """The provincial IT department: system administrators and staff of the agencies named in
    ``EGOV_PLANS_IT_AGENCIES`` (OrganId codes). They manage plans and review periodic reports."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_official", False):
        return False
    if scope_of(user).everything:
        return True
    codes = settings.EGOV_PLANS_IT_AGENCIES
    official = getattr(user, "official", None)
    if not codes or official is None or not user.role_codes:
        return False
    return official.agency.code in codes or (official.department_id and official.department.code in codes)


class ItPlanQuerySet(AgencyScopedQuerySet):
    def for_user(self, user):
        """A plan is visible to its issuing agency's scope, to the IT department and to every unit that has an
        indicator to report or a project or task to carry out in it."""
        if is_it_department(user):
            return self.all()
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        if scope.is_empty:
            return self.none()
        ids = visible_agency_ids(user)
        return self.filter(
            models.Q(agency__in=ids)
            | models.Q(pk__in=PlanIndicator.objects.filter(reporting_agency__in=ids).values("plan"))
            | models.Q(pk__in=PlanProject.objects.filter(owner_agency__in=ids).values("plan"))
            | models.Q(pk__in=PlanTask.objects.filter(owner_agency__in=ids).values("project__plan"))
        )


class ItPlan(models.Model):
    """Kế hoạch ứng dụng CNTT / chuyển đổi số: a plan with its indicator table and its projects."""

    code = models.SlugField(_("mã kế hoạch"), max_length=60, unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    document_number = models.CharField(_("số, ký hiệu văn bản ban hành"), max_length=60, blank=True)
    document_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    summary = models.TextField(_("tóm tắt"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ItPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch ứng dụng CNTT")
        verbose_name_plural = _("kế hoạch ứng dụng CNTT")
        ordering = ["-start_year", "-id"]
        indexes = [models.Index(fields=["-start_year", "-id"], name="plans_itplan_list_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}" if self.end_year != self.start_year else str(self.start_year)


class Comparison(models.TextChoices):
    AT_LEAST = ">=", _("Đạt khi không thấp hơn mục tiêu (≥)")
    AT_MOST = "<=", _("Đạt khi không cao hơn mục tiêu (≤)")
    EQUAL = "=", _("Đạt khi bằng mục tiêu (=)")
    NONE = "", _("Đánh giá theo nhận xét (không so sánh số)")


class Result(models.TextChoices):
    ACHIEVED = "achieved", _("Đạt")
    NOT_ACHIEVED = "not_achieved", _("Không đạt")
    NOT_MEASURED = "not_measured", _("Chưa đánh giá")


class ActualSource(models.TextChoices):
    NONE = "", _("Chưa có số liệu")
    ENTERED = "entered", _("Đơn vị nhập")
    COMPUTED = "computed", _("Tính tự động từ hệ thống")
    IMPORTED = "imported", _("Nhập từ tệp")


class PlanIndicator(models.Model):
    """One row of the plan's indicator table: baseline, target, actual and the result."""

    agency_scope_fields = ("plan__agency", "reporting_agency")

    plan = models.ForeignKey(ItPlan, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    section_code = models.CharField(_("mã nhóm"), max_length=10, blank=True)  # I, II, III...
    section_title = models.CharField(_("nhóm chỉ tiêu"), max_length=200, blank=True)
    number = models.CharField(_("STT"), max_length=20, blank=True)  # 1, 5.1 ...
    name = models.CharField(_("chỉ tiêu"), max_length=500)
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    baseline = models.CharField(_("hiện trạng"), max_length=200, blank=True)
    baseline_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    target = models.CharField(_("mục tiêu"), max_length=300, blank=True)
    target_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    comparison = models.CharField(_("cách so sánh"), max_length=2, choices=Comparison.choices, blank=True)
    computed_code = models.CharField(_("mã chỉ số tính tự động"), max_length=60, blank=True)
    reporting_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actual = models.CharField(_("kết quả thực hiện"), max_length=300, blank=True)
    actual_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    actual_source = models.CharField(max_length=10, choices=ActualSource.choices, blank=True)
    actual_period = models.CharField(_("kỳ số liệu"), max_length=60, blank=True)
    actual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actual_at = models.DateTimeField(null=True, blank=True)
    actual_note = models.TextField(_("ghi chú của đơn vị"), blank=True)
    evidence = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tài liệu minh chứng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.CharField(_("đánh giá"), max_length=15, choices=Result.choices, default=Result.NOT_MEASURED)
    result_note = models.CharField(_("ghi chú đánh giá"), max_length=500, blank=True)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu của kế hoạch")
        verbose_name_plural = _("chỉ tiêu của kế hoạch")
        ordering = ["plan", "order", "id"]
        indexes = [models.Index(fields=["plan", "order"], name="plans_indicator_order_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_numeric(self) -> bool:
        """Evaluated by comparing numbers (else the IT department assesses it with a note)."""
        return bool(self.comparison) and self.target_value is not None

    @property
    def is_linked(self) -> bool:
        return bool(self.computed_code)


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang triển khai")
    DONE = "done", _("Hoàn thành")
    SUSPENDED = "suspended", _("Tạm dừng")
    CANCELLED = "cancelled", _("Hủy bỏ")


class BudgetSource(models.TextChoices):
    CENTRAL = "central", _("Ngân sách trung ương")
    LOCAL = "local", _("Ngân sách địa phương")
    OTHER = "other", _("Nguồn khác")


class PlanProject(models.Model):
    """Dự án / nhiệm vụ of a plan (its appendix of projects)."""

    agency_scope_fields = ("plan__agency", "owner_agency")

    plan = models.ForeignKey(ItPlan, on_delete=models.CASCADE, related_name="projects")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    group = models.CharField(_("nhóm"), max_length=200, blank=True)
    number = models.CharField(_("STT"), max_length=20, blank=True)
    name = models.CharField(_("tên dự án, nhiệm vụ"), max_length=500)
    objective = models.TextField(_("mục tiêu đầu tư"), blank=True)
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partners = models.CharField(_("đơn vị phối hợp"), max_length=500, blank=True)
    deadline = models.DateField(_("thời hạn hoàn thành"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=15, choices=ProjectStatus.choices, default="planned")
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dự án của kế hoạch")
        verbose_name_plural = _("dự án của kế hoạch")
        ordering = ["plan", "order", "id"]
        indexes = [models.Index(fields=["plan", "order"], name="plans_project_order_idx")]

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """Kinh phí of a project for one year and one source, in million đồng (triệu đồng)."""

    project = models.ForeignKey(PlanProject, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("năm"))
    source = models.CharField(_("nguồn vốn"), max_length=10, choices=BudgetSource.choices)
    amount = models.DecimalField(_("kinh phí (triệu đồng)"), max_digits=16, decimal_places=3, default=Decimal(0))

    class Meta:
        verbose_name = _("kinh phí")
        verbose_name_plural = _("kinh phí")
        ordering = ["project", "year", "source"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "source"], name="plans_budgetline_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}: {self.amount}"


class PlanTask(models.Model):
    """A task of a project (nhiệm vụ), with its own owner, deadline and progress."""

    agency_scope_fields = ("project__plan__agency", "owner_agency", "project__owner_agency")

    project = models.ForeignKey(PlanProject, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("nhiệm vụ"), max_length=500)
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partners = models.CharField(_("đơn vị phối hợp"), max_length=500, blank=True)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=15, choices=ProjectStatus.choices, default="planned")
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["project", "order", "id"]
        indexes = [models.Index(fields=["project", "order"], name="plans_task_order_idx")]

    def __str__(self) -> str:
        return self.name


# --- periodic reports (Decree 09/2019) -----------------------------------------------------------------


class ReportTemplate(models.Model):
    """Đề cương báo cáo: the fields a unit fills. ``fields`` is a list of
    ``{"key", "label", "type": integer|decimal|percent|text, "indicator": code or "", "aggregate": sum|avg|none}``."""

    code = models.SlugField(_("mã mẫu báo cáo"), max_length=60, unique=True)
    title = models.CharField(_("tên báo cáo"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    fields = models.JSONField(_("các chỉ tiêu báo cáo"), default=list)

    class Meta:
        verbose_name = _("mẫu báo cáo định kỳ")
        verbose_name_plural = _("mẫu báo cáo định kỳ")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Frequency(models.TextChoices):
    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Hằng năm")


class ReportSchedule(models.Model):
    """Chế độ báo cáo: which template, how often, the data period (calendar or Decree 09 cut-off), the deadline
    in working days after the data period ends, and the units that must report."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="schedules")
    name = models.CharField(_("tên chế độ báo cáo"), max_length=300)
    frequency = models.CharField(_("kỳ báo cáo"), max_length=10, choices=Frequency.choices)
    decree_cutoff = models.BooleanField(
        _("thời gian chốt số liệu theo Nghị định 09/2019"),
        default=True,
        help_text=_("Từ ngày 15 của tháng trước kỳ đến ngày 14 của tháng cuối kỳ."),
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("hạn gửi (số ngày làm việc sau ngày chốt số liệu)"), default=5
    )
    recipients = models.ManyToManyField("agencies.Agency", verbose_name=_("đơn vị báo cáo"), related_name="+")
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubmissionQuerySet(AgencyScopedQuerySet):
    def for_user(self, user):
        if is_it_department(user):
            return self.all()
        return super().for_user(user)

    def overdue(self, today=None):
        """Not submitted (draft or returned) and past the deadline."""
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN, deadline__lt=today)


class ReportSubmission(models.Model):
    """One unit's report for one period of a schedule."""

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.PROTECT, related_name="submissions")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    period_label = models.CharField(_("kỳ báo cáo"), max_length=60)
    deadline = models.DateField(_("hạn gửi"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    values = models.JSONField(_("số liệu"), default=dict)
    prefilled = models.JSONField(default=dict)  # the values computed by the system when the period opened
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["-period_start", "agency__sort_order", "agency__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "agency", "period_start"], name="plans_submission_unique")
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="plans_submission_due_idx"),
            models.Index(fields=["schedule", "period_start"], name="plans_submission_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} — {self.period_label} — {self.agency}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status in OPEN and self.deadline < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()
