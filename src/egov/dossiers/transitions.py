"""The dossier lifecycle, written once: statuses, their national-portal codes and the allowed transitions.

Service functions check every state change against ``TRANSITIONS``; the staff UI and the API derive
the actions they offer from ``available_actions``. Nothing else decides what may happen to a dossier.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Role
from egov.core.transitions import SYSTEM, Transition, TransitionTable, can, transition  # noqa: F401 (re-exported)


class Status(models.TextChoices):
    NEW = "new", _("Mới nộp, chờ tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    TRANSFERRED = "transferred", _("Đang chuyển liên thông")
    ASSIGNED = "assigned", _("Đã chuyển phòng chuyên môn")
    IN_APPRAISAL = "in_appraisal", _("Đang thẩm định")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ lãnh đạo phê duyệt")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ bổ sung hồ sơ")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ nộp phí, lệ phí")
    WITHDRAWN = "withdrawn", _("Công dân rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    RESULT_READY = "result_ready", _("Đã có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")


# National services portal status codes (1 new ... 10 result returned).
NATIONAL_STATUS = {
    Status.NEW: 1,
    Status.RECEIVED: 2,
    Status.REFUSED: 3,
    Status.TRANSFERRED: 4,
    Status.ASSIGNED: 4,
    Status.IN_APPRAISAL: 4,
    Status.AWAITING_APPROVAL: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.AWAITING_PAYMENT: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
}

# Statuses in which the statutory clock runs (the dossier is with the administration).
CLOCK_RUNNING = frozenset(
    {Status.RECEIVED, Status.TRANSFERRED, Status.ASSIGNED, Status.IN_APPRAISAL, Status.AWAITING_APPROVAL}
)
# Statuses that end the dossier's processing (no appointment left to meet).
FINAL = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
IN_PROGRESS = CLOCK_RUNNING | {Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT}

# ``target`` PREVIOUS means: back to the status the dossier had before it was paused.
PREVIOUS = "previous"
APPLICANT = "applicant"  # the applicant (citizen/business account) may do this through the services portal

_WORKING = (Status.RECEIVED, Status.ASSIGNED, Status.IN_APPRAISAL, Status.AWAITING_APPROVAL)


_t = transition


OFFICER, SPEC, HEAD, LEAD, CLERK = (
    Role.ONESTOP_OFFICER,
    Role.SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.AGENCY_LEADER,
    Role.CLERK,
)

# An agency works with the roles it really has (a commune often has no department heads, sometimes one
# officer for everything). These roles are held for one dossier only; ``acting_roles`` gives them from who
# the dossier's agency really has, and the rows below name them next to the account roles:
# - STAND_IN_HEAD: the leader of the handling agency, or a one-stop officer working inside it, when the unit
#   holding the dossier has no department head: assigns the specialist in the head's place;
# - UNIT_SPECIALIST: a specialist of the unit holding the dossier when that unit has no head: picks it up;
# - SOLE_OFFICER: the one-stop officer of an agency with no specialist at all: handles the dossier himself
#   and presents it to the leader.
STAND_IN_HEAD, UNIT_SPECIALIST, SOLE_OFFICER = "stand_in_head", "unit_specialist", "sole_officer"
# Which account roles a dossier role comes from (the inboxes read it).
DOSSIER_ROLE_SOURCES = {STAND_IN_HEAD: {LEAD, OFFICER}, UNIT_SPECIALIST: {SPEC}, SOLE_OFFICER: {OFFICER}}

TRANSITIONS = TransitionTable(
    _t("accept", _("Tiếp nhận"), [Status.NEW], Status.RECEIVED, {OFFICER}),
    _t("refuse", _("Từ chối tiếp nhận"), [Status.NEW, Status.RECEIVED], Status.REFUSED, {OFFICER}, needs_note=True),
    _t("transfer", _("Chuyển liên thông"), [Status.RECEIVED], Status.TRANSFERRED, {OFFICER}),
    _t("accept_transfer", _("Nhận hồ sơ liên thông"), [Status.TRANSFERRED], Status.RECEIVED, {OFFICER, CLERK}),
    _t("assign", _("Chuyển phòng chuyên môn"), [Status.RECEIVED], Status.ASSIGNED, {OFFICER, LEAD, CLERK}),
    _t(
        "assign_specialist",
        _("Phân công chuyên viên"),
        [Status.ASSIGNED],
        Status.IN_APPRAISAL,
        {HEAD, STAND_IN_HEAD},
    ),
    _t("pick_up", _("Nhận thụ lý hồ sơ"), [Status.ASSIGNED], Status.IN_APPRAISAL, {UNIT_SPECIALIST}),
    _t("handle", _("Tự thụ lý hồ sơ"), [Status.RECEIVED], Status.IN_APPRAISAL, {SOLE_OFFICER}),
    _t(
        "submit_for_approval",
        _("Trình lãnh đạo"),
        [Status.IN_APPRAISAL],
        Status.AWAITING_APPROVAL,
        {SPEC, HEAD, SOLE_OFFICER},
    ),
    _t(
        "send_back",
        _("Trả lại để xử lý lại"),
        [Status.AWAITING_APPROVAL],
        Status.IN_APPRAISAL,
        {LEAD, HEAD},
        needs_note=True,
    ),
    _t("approve", _("Phê duyệt, ban hành kết quả"), [Status.AWAITING_APPROVAL], Status.RESULT_READY, {LEAD}),
    _t(
        "request_supplement",
        _("Yêu cầu bổ sung hồ sơ"),
        [Status.NEW, Status.RECEIVED, Status.ASSIGNED, Status.IN_APPRAISAL],
        Status.SUPPLEMENT_REQUESTED,
        {OFFICER, SPEC, HEAD},
        pauses_clock=True,
        needs_note=True,
    ),
    _t(
        "resubmit",
        _("Nhận hồ sơ bổ sung"),
        [Status.SUPPLEMENT_REQUESTED],
        PREVIOUS,
        {OFFICER, APPLICANT},
        resumes_clock=True,
    ),
    _t(
        "request_payment",
        _("Yêu cầu nộp phí, lệ phí"),
        [Status.RECEIVED, Status.IN_APPRAISAL],
        Status.AWAITING_PAYMENT,
        {OFFICER, SPEC},
        pauses_clock=True,
    ),
    # The system confirms it too, on a verified online-payment notification (``record_online_payment``).
    _t(
        "confirm_payment",
        _("Xác nhận đã nộp phí"),
        [Status.AWAITING_PAYMENT],
        PREVIOUS,
        {OFFICER, SYSTEM},
        resumes_clock=True,
    ),
    _t(
        "withdraw",
        _("Rút hồ sơ theo đề nghị của công dân"),
        [Status.NEW, *_WORKING, Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT],
        Status.WITHDRAWN,
        {OFFICER, APPLICANT},
        needs_note=True,
    ),
    _t(
        "stop",
        _("Dừng xử lý"),
        [*_WORKING, Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT],
        Status.STOPPED,
        {LEAD},
        needs_note=True,
    ),
    # The apology keeps the status and moves the appointment (allowed once per dossier).
    _t("apologize", _("Xin lỗi và hẹn lại ngày trả"), _WORKING, PREVIOUS, {OFFICER, HEAD, LEAD}, needs_note=True),
    _t("return_result", _("Trả kết quả"), [Status.RESULT_READY], Status.RETURNED, {OFFICER}),
)

BY_ACTION: dict[str, Transition] = TRANSITIONS.by_action
transition_for = TRANSITIONS.transition_for
# (status, roles) → the rows a user may take, in table order (pass ``acting_roles(dossier, user)`` for one dossier)
available_actions = TRANSITIONS.available_actions


def _needed(status: str, role: str) -> bool:
    return any(role in t.roles and status in t.sources for t in TRANSITIONS)


def acting_roles(dossier, user) -> frozenset[str]:
    """The account's roles plus the dossier roles (``STAND_IN_HEAD``...) it holds for ``dossier`` now.

    At most two small queries, and only in a status where a row names a dossier role."""
    roles = frozenset(getattr(user, "role_codes", ()) or ())
    official = getattr(user, "official", None) if getattr(user, "is_official", False) else None
    if official is None:
        return roles
    extra = set()
    status, handling = dossier.status, dossier.handling_agency
    inside = official.agency_id == handling.pk or official.agency.path.startswith(handling.path)
    unit = dossier.current_unit
    if unit is not None and unit.kind == unit.Kind.DEPARTMENT and unit.parent_id == handling.pk:
        wants_head = _needed(status, STAND_IN_HEAD) and (
            (LEAD in roles and official.agency_id == handling.pk) or (OFFICER in roles and inside)
        )
        wants_pick = _needed(status, UNIT_SPECIALIST) and SPEC in roles and official.department_id == unit.pk
        if (wants_head or wants_pick) and not _has_head(unit):
            extra |= {STAND_IN_HEAD} if wants_head else set()
            extra |= {UNIT_SPECIALIST} if wants_pick else set()
    if OFFICER in roles and inside and _needed(status, SOLE_OFFICER) and not _has_specialist(handling):
        extra.add(SOLE_OFFICER)
    return roles | extra


def _staff_with(role: str):
    from egov.accounts.models import User

    return User.objects.staff_users().filter(is_active=True, roles__role=role, official__is_active=True)


def _has_head(unit) -> bool:
    return _staff_with(HEAD).filter(official__department=unit).exists()


def _has_specialist(agency) -> bool:
    return _staff_with(SPEC).filter(official__agency__path__startswith=agency.path).exists()
