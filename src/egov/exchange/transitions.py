"""The lifecycle of an exchange message, written once.

Outgoing: queued → sent, or → retrying (back-off) → ... → failed; a staff member may put a failed or
retrying message back in the queue. Incoming messages are stored as ``received`` once processed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Role
from egov.core.transitions import SYSTEM, Transition, TransitionTable, transition


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    RETRYING = "retrying", _("Gửi lỗi, sẽ thử lại")
    FAILED = "failed", _("Gửi không thành công")
    RECEIVED = "received", _("Đã nhận")


STAFF = frozenset({Role.CLERK, Role.AGENCY_LEADER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN})

TRANSITIONS = TransitionTable(
    # ``event``: the name of the audit action and outbox topic (exchange.message_sent, exchange.message.sent).
    transition(
        "send", _("Gửi"), [MessageState.QUEUED, MessageState.RETRYING], MessageState.SENT, {SYSTEM}, event="sent"
    ),
    transition(
        "fail_attempt",
        _("Ghi nhận lỗi gửi"),
        [MessageState.QUEUED, MessageState.RETRYING],
        MessageState.RETRYING,
        {SYSTEM},
        event="attempt_failed",
    ),
    transition(
        "give_up",
        _("Dừng gửi"),
        [MessageState.QUEUED, MessageState.RETRYING],
        MessageState.FAILED,
        {SYSTEM},
        event="failed",
    ),
    transition(
        "retry", _("Gửi lại"), [MessageState.FAILED, MessageState.RETRYING], MessageState.QUEUED, STAFF, event="queued"
    ),
)


def transition_for(action: str) -> Transition:
    return TRANSITIONS[action]


may = TRANSITIONS.may
