"""The lifecycles of this app, written once: questions and feedback items (one table), consultations.

Services check every state change against these tables; the staff pages offer what ``available_actions``
allows. Nothing else decides what may happen to a submission or a consultation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Role
from egov.core.transitions import Transition, TransitionTable, transition


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Mới gửi, chờ tiếp nhận")
    ROUTED = "routed", _("Đã chuyển cơ quan xử lý")
    ANSWERED = "answered", _("Đã dự thảo trả lời, chờ duyệt")
    APPROVED = "approved", _("Đã duyệt trả lời")
    PUBLISHED = "published", _("Đã công khai")
    REJECTED = "rejected", _("Không xử lý")


# The answer is still owed in these statuses (the deadline runs; past it the item is overdue).
OPEN = frozenset({Status.SUBMITTED, Status.ROUTED, Status.ANSWERED})
ANSWERED = frozenset({Status.APPROVED, Status.PUBLISHED})

CLERK, OFFICER, SPEC, HEAD, LEAD = (
    Role.CLERK,
    Role.ONESTOP_OFFICER,
    Role.SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.AGENCY_LEADER,
)
INTAKE = {CLERK, OFFICER, LEAD}  # the "tiếp nhận" role: who routes and rejects
_t = transition

TRANSITIONS = TransitionTable(
    _t("route", _("Chuyển cơ quan có thẩm quyền"), [Status.SUBMITTED], Status.ROUTED, INTAKE),
    _t("reroute", _("Chuyển sang cơ quan khác"), [Status.ROUTED], Status.ROUTED, INTAKE, needs_note=True),
    _t("answer", _("Dự thảo trả lời"), [Status.ROUTED], Status.ANSWERED, {SPEC, HEAD, CLERK, LEAD}),
    _t("send_back", _("Trả lại để sửa trả lời"), [Status.ANSWERED], Status.ROUTED, {HEAD, LEAD}, needs_note=True),
    _t("approve", _("Duyệt trả lời"), [Status.ANSWERED], Status.APPROVED, {HEAD, LEAD}),
    _t("publish", _("Công khai trên cổng"), [Status.APPROVED], Status.PUBLISHED, {LEAD, CLERK}),
    _t("reject", _("Không xử lý"), [Status.SUBMITTED, Status.ROUTED], Status.REJECTED, INTAKE, needs_note=True),
)
BY_ACTION: dict[str, Transition] = TRANSITIONS.by_action
available_actions = TRANSITIONS.available_actions


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    PUBLISHED = "published", _("Đã đăng lấy ý kiến")
    SUMMARISED = "summarised", _("Đã công bố tổng hợp ý kiến")


EDITORS = {CLERK, LEAD, HEAD, SPEC, Role.AGENCY_ADMIN}

CONSULTATION_TRANSITIONS = TransitionTable(
    _t("publish", _("Đăng lấy ý kiến"), [ConsultationStatus.DRAFT], ConsultationStatus.PUBLISHED, {LEAD, CLERK}),
    _t(
        "publish_summary",
        _("Công bố tổng hợp ý kiến"),
        [ConsultationStatus.PUBLISHED],
        ConsultationStatus.SUMMARISED,
        {LEAD, CLERK},
    ),
)
CONSULTATION_BY_ACTION = CONSULTATION_TRANSITIONS.by_action
consultation_actions = CONSULTATION_TRANSITIONS.available_actions
