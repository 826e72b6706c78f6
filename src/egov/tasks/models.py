"""Tasks assigned by leaders (nhiệm vụ chỉ đạo, điều hành), their progress reports and extension requests.

Glossary: ``Task`` is the glossary's ``DirectiveTask``. The state is written only by ``services`` through the
transition table; the status shown to people (on time, due soon, overdue, done late...) is derived in
``status.py`` from the state, the deadline and today's date, never stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.agencies.scoping import AgencyScopedQuerySet, scope_of, visible_agency_ids

from .transitions import OPEN, TaskState, action_label


class TaskQuerySet(AgencyScopedQuerySet):
    """A Sở sees the tasks it leads, cooperates on or assigned (``agency_scope_fields``); the cooperating
    agencies are matched through a subquery so that a task is never listed twice."""

    def for_user(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.is_empty:
            return self.none()
        ids = list(visible_agency_ids(user))
        official = getattr(user, "official", None)
        if official is not None:  # a department's official acts for its agency (the lead is the Sở)
            ids.append(official.agency_id)
        cooperating = Task.cooperating_agencies.through.objects.filter(agency_id__in=ids).values("task_id")
        return self.filter(Q(assigning_agency__in=ids) | Q(lead_agency__in=ids) | Q(pk__in=cooperating))

    def open(self):
        return self.filter(state__in=OPEN)


class Task(models.Model):
    source_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("văn bản giao nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    source_reference = models.CharField(_("số, ký hiệu văn bản giao"), max_length=120, blank=True)
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    content = models.TextField(_("nội dung nhiệm vụ"))
    expected_product = models.CharField(_("sản phẩm dự kiến"), max_length=500, blank=True)
    assigning_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan giao"), on_delete=models.PROTECT, related_name="+"
    )
    assigning_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo giao"), on_delete=models.PROTECT, related_name="+"
    )
    lead_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    cooperating_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("cơ quan phối hợp"), blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("nhiệm vụ cha"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    deadline = models.DateField(_("hạn xử lý"))
    original_deadline = models.DateField(_("hạn ban đầu"))
    deadline_working_days = models.PositiveSmallIntegerField(_("thời hạn (ngày làm việc)"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)])
    state = models.CharField(_("trạng thái"), max_length=20, choices=TaskState.choices, default=TaskState.ASSIGNED)
    assigned_at = models.DateTimeField(_("giao lúc"))
    assigned_on = models.DateField(_("ngày giao"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("ngày báo cáo hoàn thành"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    last_urged_at = models.DateTimeField(_("đôn đốc lần cuối"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    # Documents the scoping (``TaskQuerySet.for_user`` implements it with a subquery for the M2M).
    agency_scope_fields = ("assigning_agency", "lead_agency", "cooperating_agencies")

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["lead_agency", "state", "deadline"], name="task_lead_state_deadline"),
            models.Index(fields=["assigning_agency", "state", "deadline"], name="task_assigner_state_deadline"),
            models.Index(fields=["state", "deadline"], name="task_state_deadline"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="tasks_task_progress_max_100"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def was_extended(self) -> bool:
        return self.deadline != self.original_deadline

    def derived_status(self, today=None):
        from .status import derived_status

        return derived_status(self, today)


class TaskProgress(models.Model):
    """One progress report: by the lead agency (moves the task's percent) or a cooperating agency (its part)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("nội dung báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), validators=[MaxValueValidator(100)])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    answering_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("văn bản báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["at", "id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="tasks_progress_percent_max_100")]

    def __str__(self) -> str:
        return f"{self.percent}% {self.at:%Y-%m-%d}"


class ExtensionRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        APPROVED = "approved", _("Đồng ý gia hạn")
        REFUSED = "refused", _("Không đồng ý")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    reason = models.TextField(_("lý do"))
    requested_deadline = models.DateField(_("hạn đề nghị"))
    previous_deadline = models.DateField(_("hạn trước khi gia hạn"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decision = models.CharField(_("quyết định"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    granted_deadline = models.DateField(_("hạn được gia"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(decision="pending"), name="tasks_one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requested_deadline:%d/%m/%Y} ({self.get_decision_display()})"


class TaskStep(models.Model):
    """One step of a task's timeline (written by the lifecycle's trail hook and by ``assign``)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at"], name="task_step_task_at")]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return action_label(self.action)


class ReminderSent(models.Model):
    """A reminder already sent: one row per (task, threshold, deadline), so a worker run twice sends once and an
    extended deadline gets its own reminders."""

    class Threshold(models.TextChoices):
        THREE_DAYS = "d3", _("Còn 3 ngày làm việc")
        ONE_DAY = "d1", _("Còn 1 ngày làm việc")
        OVERDUE = "overdue", _("Quá hạn")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField(max_length=10, choices=Threshold.choices)
    deadline = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "threshold", "deadline"], name="tasks_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.threshold} {self.deadline:%Y-%m-%d}"
