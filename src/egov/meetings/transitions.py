"""The work schedule's lifecycle, written once: a week's schedule is drafted by the office, then published."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Role
from egov.core.transitions import TransitionTable, transition


class ScheduleStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    PUBLISHED = "published", _("Đã công bố")


# The office enters the schedule (văn thư, quản trị cơ quan); the leader may also publish it.
EDITORS = frozenset({Role.CLERK, Role.AGENCY_ADMIN, Role.AGENCY_LEADER})

TRANSITIONS = TransitionTable(
    transition("publish", _("Công bố lịch"), [ScheduleStatus.DRAFT], ScheduleStatus.PUBLISHED, EDITORS),
    transition(
        "withdraw", _("Rút lại để sửa"), [ScheduleStatus.PUBLISHED], ScheduleStatus.DRAFT, EDITORS, needs_note=True
    ),
)
BY_ACTION = TRANSITIONS.by_action
available_actions = TRANSITIONS.available_actions
