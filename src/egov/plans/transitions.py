"""The lifecycle of a unit's periodic report, written once: draft → submitted → (returned → submitted)* → accepted.

Roles here are relations to the submission, not account roles: ``UNIT`` is staff of the reporting unit (the
submission's agency is in the user's scope), ``IT`` is the provincial IT department (``is_it_department``).
Services check each change with ``can``; the pages offer what ``available_actions`` gives.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.transitions import Transition, TransitionTable, can, transition  # noqa: F401 (re-exported)


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


# Statuses in which the unit still owes its report (overdue once the deadline has passed).
OPEN = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})

UNIT = "unit"
IT = "it"

TRANSITIONS = TransitionTable(
    transition(
        "submit",
        _("Gửi báo cáo"),
        [SubmissionStatus.DRAFT, SubmissionStatus.RETURNED],
        SubmissionStatus.SUBMITTED,
        {UNIT},
    ),
    transition(
        "return",
        _("Trả lại để hoàn thiện"),
        [SubmissionStatus.SUBMITTED],
        SubmissionStatus.RETURNED,
        {IT},
        needs_note=True,
    ),
    transition("accept", _("Tiếp nhận báo cáo"), [SubmissionStatus.SUBMITTED], SubmissionStatus.ACCEPTED, {IT}),
)
BY_ACTION: dict[str, Transition] = TRANSITIONS.by_action
EDITABLE = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


available_actions = TRANSITIONS.available_actions
