"""The lifecycles of incoming and outgoing documents, written once: statuses and allowed transitions.

Services check every state change against these tables; the workspace derives the actions it offers from
``available_actions``. ``SYSTEM`` transitions are taken by the platform itself (dispatch, recall), never
offered to a user.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Role
from egov.core.transitions import SAME, SYSTEM, Transition, TransitionTable, transition

# SAME: the transition keeps the status (re-assignment, a new draft version, an intermediate approval).


class IncomingStatus(models.TextChoices):
    PENDING = "pending", _("Chờ vào sổ")
    REGISTERED = "registered", _("Đã vào sổ, chờ trình")
    PRESENTED = "presented", _("Chờ phân công")
    ASSIGNED = "assigned", _("Đã phân công")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    DONE = "done", _("Đã xử lý xong")
    RECALLED = "recalled", _("Bị thu hồi")


class OutgoingStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    IN_REVIEW = "in_review", _("Chờ duyệt")
    RETURNED = "returned_for_revision", _("Trả lại để chỉnh sửa")
    APPROVED = "approved", _("Đã duyệt, chờ ban hành")
    ISSUED = "issued", _("Đã ban hành")
    RECALLED = "recalled", _("Đã thu hồi")


INCOMING_OPEN = frozenset(
    {IncomingStatus.REGISTERED, IncomingStatus.PRESENTED, IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS}
)


_t = transition


SPEC, HEAD, LEAD, CLERK = Role.SPECIALIST, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER, Role.CLERK
_HANDLING = (IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS)

INCOMING = TransitionTable(
    _t("register", _("Vào sổ văn bản đến"), [IncomingStatus.PENDING], IncomingStatus.REGISTERED, {CLERK}),
    _t("present", _("Trình lãnh đạo"), [IncomingStatus.REGISTERED], IncomingStatus.PRESENTED, {CLERK}),
    _t(
        "assign",
        _("Phân công xử lý"),
        [IncomingStatus.REGISTERED, IncomingStatus.PRESENTED],
        IncomingStatus.ASSIGNED,
        {LEAD},
    ),
    _t("reassign", _("Giao lại trong đơn vị"), _HANDLING, SAME, {HEAD, LEAD}),
    _t(
        "record_progress",
        _("Ghi ý kiến, tiến độ"),
        _HANDLING,
        IncomingStatus.IN_PROGRESS,
        {SPEC, HEAD, LEAD},
        needs_note=True,
    ),
    _t("mark_done", _("Hoàn thành xử lý"), _HANDLING, IncomingStatus.DONE, {SPEC, HEAD, LEAD}),
    # A cooperating unit (or its official) reports its part done; the lead still finishes the document.
    _t("finish_part", _("Hoàn thành phần phối hợp"), _HANDLING, SAME, {SPEC, HEAD, LEAD}),
    _t(
        "recall",
        _("Thu hồi theo yêu cầu của nơi gửi"),
        [IncomingStatus.PENDING, *INCOMING_OPEN, IncomingStatus.DONE],
        IncomingStatus.RECALLED,
        {SYSTEM},
    ),
)

OUTGOING = TransitionTable(
    _t("add_version", _("Cập nhật dự thảo"), [OutgoingStatus.DRAFT, OutgoingStatus.RETURNED], SAME, {SPEC, HEAD}),
    _t(
        "submit_for_review",
        _("Trình duyệt"),
        [OutgoingStatus.DRAFT, OutgoingStatus.RETURNED],
        OutgoingStatus.IN_REVIEW,
        {SPEC, HEAD},
    ),
    _t(
        "return_for_revision",
        _("Trả lại để chỉnh sửa"),
        [OutgoingStatus.IN_REVIEW],
        OutgoingStatus.RETURNED,
        {HEAD, LEAD},
        needs_note=True,
    ),
    # The last step of the document type's approval chain moves the draft to ``approved``.
    _t("approve_step", _("Duyệt"), [OutgoingStatus.IN_REVIEW], SAME, {HEAD, LEAD}),
    _t(
        "edit_recipients",
        _("Sửa nơi nhận"),
        [OutgoingStatus.DRAFT, OutgoingStatus.RETURNED, OutgoingStatus.IN_REVIEW, OutgoingStatus.APPROVED],
        SAME,
        {SPEC, HEAD, LEAD, CLERK},
    ),
    _t("issue", _("Cấp số, ban hành"), [OutgoingStatus.APPROVED], OutgoingStatus.ISSUED, {CLERK}),
    _t(
        "recall", _("Thu hồi văn bản"), [OutgoingStatus.ISSUED], OutgoingStatus.RECALLED, {LEAD, CLERK}, needs_note=True
    ),
)


# Trail actions that are not transitions of the tables.
EXTRA_LABELS = {"arrive": _("Nhận văn bản qua hệ thống"), "create_draft": _("Tạo dự thảo")}


def action_label(direction: str, action: str) -> str:
    """The Vietnamese label of a trail action (the table's label, else ``EXTRA_LABELS``, else the code)."""
    return TABLES[direction].label(action, EXTRA_LABELS.get(action, action))


def transition_for(direction: str, action: str) -> Transition:
    return TABLES[direction][action]


def available_actions(direction: str, status: str, roles) -> list[Transition]:
    """The transitions a user with ``roles`` may take from ``status`` (``direction``: incoming, outgoing,
    work_file)."""
    return TABLES[direction].available_actions(status, roles)


class WorkFileStatus(models.TextChoices):
    PLANNED = "planned", _("Trong danh mục, chưa mở")
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


WORK_FILE = TransitionTable(
    _t("open", _("Mở hồ sơ"), [WorkFileStatus.PLANNED], WorkFileStatus.OPEN, {SPEC, HEAD, LEAD, CLERK}),
    _t("add_document", _("Đưa văn bản vào hồ sơ"), [WorkFileStatus.OPEN], SAME, {SPEC, HEAD, LEAD, CLERK}),
    _t("close", _("Đóng hồ sơ"), [WorkFileStatus.OPEN], WorkFileStatus.CLOSED, {SPEC, HEAD, LEAD, CLERK}),
)
TABLES: dict[str, TransitionTable] = {"incoming": INCOMING, "outgoing": OUTGOING, "work_file": WORK_FILE}
