"""The lifecycle of a task assigned by a leader (nhiệm vụ do lãnh đạo giao), written once.

assigned → in_progress → proposed_done → done, or returned to in_progress; cancelled from any open state.
Extensions, urging, sub-tasks and a cooperating agency's report keep the state (``SAME``).

Roles here are relations to the task, not account roles (see ``services.relations``):
``ASSIGNER_LEADER`` a leader of the assigning agency, ``ASSIGNER`` any official of the assigning agency,
``LEAD`` an official of the lead agency (chủ trì), ``LEAD_MANAGER`` its leader or a department head,
``COOPERATING`` an official of a cooperating agency (phối hợp).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.transitions import SAME, TransitionTable, transition


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", _("Mới giao")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    PROPOSED_DONE = "proposed_done", _("Đề nghị hoàn thành")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN = (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.PROPOSED_DONE)
WORKING = (TaskState.ASSIGNED, TaskState.IN_PROGRESS)

ASSIGNER_LEADER = "assigner_leader"
ASSIGNER = "assigner"
LEAD = "lead"
LEAD_MANAGER = "lead_manager"
COOPERATING = "cooperating"

TRANSITIONS = TransitionTable(
    transition(
        "report_progress",
        _("Báo cáo tiến độ"),
        WORKING,
        TaskState.IN_PROGRESS,
        {LEAD, LEAD_MANAGER},
        needs_note=True,
    ),
    transition("report_part", _("Báo cáo phần phối hợp"), OPEN, SAME, {COOPERATING}, needs_note=True),
    transition("split", _("Giao nhiệm vụ con"), WORKING, SAME, {LEAD_MANAGER}),
    transition(
        "propose_done",
        _("Đề nghị hoàn thành"),
        WORKING,
        TaskState.PROPOSED_DONE,
        {LEAD, LEAD_MANAGER},
        needs_note=True,
    ),
    transition("accept", _("Công nhận hoàn thành"), [TaskState.PROPOSED_DONE], TaskState.DONE, {ASSIGNER_LEADER}),
    transition(
        "return",
        _("Trả lại, yêu cầu tiếp tục thực hiện"),
        [TaskState.PROPOSED_DONE],
        TaskState.IN_PROGRESS,
        {ASSIGNER_LEADER},
        needs_note=True,
    ),
    transition("request_extension", _("Xin gia hạn"), WORKING, SAME, {LEAD_MANAGER}, needs_note=True),
    transition("decide_extension", _("Quyết định gia hạn"), OPEN, SAME, {ASSIGNER_LEADER}),
    transition("urge", _("Đôn đốc"), WORKING, SAME, {ASSIGNER, ASSIGNER_LEADER}),
    transition("cancel", _("Hủy nhiệm vụ"), OPEN, TaskState.CANCELLED, {ASSIGNER_LEADER}, needs_note=True),
)

# Trail actions that are not rows of the table.
EXTRA_LABELS = {"assign": _("Giao nhiệm vụ"), "remind": _("Nhắc hạn tự động")}


def action_label(action: str) -> str:
    return TRANSITIONS.label(action, EXTRA_LABELS.get(action, action))
