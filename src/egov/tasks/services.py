"""Every change of a task: one function each, one transaction each, with its timeline step, its audit record
(``task.<action>``) and its outbox event. Views, API and jobs call these; nothing else writes ``state``."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.accounts.models import Role
from egov.audit.services import record
from egov.core.transitions import SYSTEM_ACTOR, Lifecycle, Messages, Step, apply, user_or_none
from egov.events.services import publish

from .models import ExtensionRequest, Task, TaskProgress, TaskStep
from .status import add_working_days
from .transitions import (
    ASSIGNER,
    ASSIGNER_LEADER,
    COOPERATING,
    LEAD,
    LEAD_MANAGER,
    TRANSITIONS,
    TaskState,
)


class TaskError(ValidationError):
    """A refused request on a task; the message is for the user (Vietnamese)."""


def _agency_id(actor):
    official = getattr(actor, "official", None) if getattr(actor, "is_official", False) else None
    return official.agency_id if official is not None else None


def relations(actor, task: Task) -> set[str]:
    """The table roles ``actor`` holds on ``task`` (relations through the actor's own agency)."""
    agency = _agency_id(actor)
    if agency is None:
        return set()
    roles = set()
    staff = actor.has_role(Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST, Role.CLERK)
    if agency == task.assigning_agency_id and staff:
        roles.add(ASSIGNER)
        if actor.has_role(Role.AGENCY_LEADER):
            roles.add(ASSIGNER_LEADER)
    if agency == task.lead_agency_id and actor.has_role(Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST):
        roles.add(LEAD)
        if actor.has_role(Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD):
            roles.add(LEAD_MANAGER)
    if task.pk and task.cooperating_agencies.filter(pk=agency).exists():
        roles.add(COOPERATING)
    return roles


def available_actions(task: Task, actor):
    return TRANSITIONS.available_actions(task.state, relations(actor, task))


def snapshot(task: Task) -> dict:
    return {
        "state": task.state,
        "progress": task.progress,
        "deadline": task.deadline.isoformat(),
        "original_deadline": task.original_deadline.isoformat(),
        "lead_agency": task.lead_agency_id,
    }


def _trail(step: Step) -> None:
    TaskStep.objects.create(
        task=step.obj,
        action=step.action,
        from_state=step.from_status,
        to_state=step.obj.state,
        actor=user_or_none(step.actor),
        at=step.now,
        note=step.note,
    )


LIFECYCLE = Lifecycle(
    model=Task,
    table=TRANSITIONS,
    topic="task",
    error=TaskError,
    field="state",
    messages=Messages(
        wrong_status=gettext_lazy("Không thể “%(action)s” khi nhiệm vụ đang ở trạng thái “%(status)s”."),
        needs_note=gettext_lazy("Cần nhập nội dung cho thao tác “%(action)s”."),
        no_role=gettext_lazy("Bạn không có quyền “%(action)s” đối với nhiệm vụ này."),
        out_of_scope=gettext_lazy("Bạn không có quyền xử lý nhiệm vụ này."),
    ),
    snapshot=snapshot,
    payload=lambda t, after: {"assigning_agency": t.assigning_agency_id, **after},
    agency=lambda t: t.lead_agency,
    trail=_trail,
    roles=lambda t, actor: relations(actor, t),
    summary=lambda t: t.title[:200],
)


def _today(now) -> date:
    return timezone.localdate(now)


def _percent(value) -> int:
    try:
        percent = int(value)
    except (TypeError, ValueError):
        percent = -1
    if not 0 <= percent <= 100:
        raise TaskError(_("Tiến độ phải là số phần trăm từ 0 đến 100."))
    return percent


# --- assignment -----------------------------------------------------------------------------------------------


@dataclass
class TaskData:
    title: str
    content: str
    lead_agency: object
    deadline: date | None = None
    working_days: int | None = None
    cooperating_agencies: tuple = ()
    expected_product: str = ""
    source_document: object = None
    source_reference: str = ""


def _deadline_of(data: TaskData, today: date) -> date:
    if data.working_days is not None:
        if data.working_days < 1:
            raise TaskError(_("Thời hạn phải có ít nhất 1 ngày làm việc."))
        return add_working_days(today, data.working_days)
    if data.deadline is None:
        raise TaskError(_("Cần nhập hạn xử lý (ngày hoặc số ngày làm việc)."))
    if data.deadline < today:
        raise TaskError(_("Hạn xử lý không được trước ngày giao."))
    return data.deadline


def _create(data: TaskData, *, assigning_agency, leader, actor, now, parent=None) -> Task:
    if not (data.title or "").strip() or not (data.content or "").strip():
        raise TaskError(_("Cần nhập tên và nội dung nhiệm vụ."))
    if data.lead_agency is None:
        raise TaskError(_("Cần chọn cơ quan chủ trì."))
    if any(a.pk == data.lead_agency.pk for a in data.cooperating_agencies):
        raise TaskError(_("Cơ quan chủ trì không đồng thời là cơ quan phối hợp."))
    today = _today(now)
    deadline = _deadline_of(data, today)
    if parent is not None and deadline > parent.deadline:
        raise TaskError(_("Hạn của nhiệm vụ con không được sau hạn của nhiệm vụ cha."))
    task = Task.objects.create(
        title=data.title.strip(),
        content=data.content.strip(),
        expected_product=data.expected_product.strip(),
        source_document=data.source_document,
        source_reference=data.source_reference.strip(),
        assigning_agency=assigning_agency,
        assigning_leader=leader,
        lead_agency=data.lead_agency,
        parent=parent,
        deadline=deadline,
        original_deadline=deadline,
        deadline_working_days=data.working_days,
        assigned_at=now,
        assigned_on=today,
        created_by=actor,
    )
    task.cooperating_agencies.set(data.cooperating_agencies)
    TaskStep.objects.create(task=task, action="assign", to_state=task.state, actor=actor, at=now)
    after = snapshot(task)
    publish("task.assign", aggregate=task, payload={"assigning_agency": assigning_agency.pk, **after}, actor=actor)
    record(actor=actor, action="task.assign", target=task, after=after, agency=task.lead_agency, summary=task.title)
    return task


def assign(data: TaskData, *, actor, leader=None, now=None) -> Task:
    """A leader (or the office, on the leader's behalf) assigns a task from the actor's own agency."""
    now = now or timezone.now()
    agency_id = _agency_id(actor)
    if agency_id is None or not actor.has_role(Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST):
        raise TaskError(_("Bạn không có quyền giao nhiệm vụ."))
    leader = leader or actor
    leader_official = getattr(leader, "official", None)
    if leader_official is None or leader_official.agency_id != agency_id or not leader.has_role(Role.AGENCY_LEADER):
        raise TaskError(_("Lãnh đạo giao nhiệm vụ phải là lãnh đạo của cơ quan giao."))
    with transaction.atomic():
        return _create(data, assigning_agency=actor.official.agency, leader=leader, actor=actor, now=now)


def split(task: Task, parts: list[TaskData], *, actor, now=None) -> list[Task]:
    """The lead agency splits its task into sub-tasks it assigns (to its units or other agencies)."""
    if not parts:
        raise TaskError(_("Cần nhập ít nhất một nhiệm vụ con."))
    created: list[Task] = []

    def change(locked, now):
        for data in parts:
            created.append(
                _create(data, assigning_agency=locked.lead_agency, leader=actor, actor=actor, now=now, parent=locked)
            )

    def check(locked):
        if not actor.has_role(Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD):
            raise TaskError(_("Bạn không có quyền giao nhiệm vụ."))

    apply(
        LIFECYCLE,
        task,
        "split",
        actor,
        now=now,
        change=change,
        check=check,
        note=_("%(n)s nhiệm vụ con") % {"n": len(parts)},
    )
    return created


# --- progress -------------------------------------------------------------------------------------------------


def _roll_up(parent: Task | None) -> None:
    """A parent's progress is the mean of its live sub-tasks' (cancelled ones do not count)."""
    while parent is not None:
        parent = Task.objects.select_for_update().get(pk=parent.pk)
        values = list(parent.children.exclude(state=TaskState.CANCELLED).values_list("progress", flat=True))
        if not values:
            return
        mean = round(sum(values) / len(values))
        if mean == parent.progress:
            return
        Task.objects.filter(pk=parent.pk).update(progress=mean)
        parent = parent.parent


def _progress_row(task, actor, text, percent, answering_document, now) -> TaskProgress:
    return TaskProgress.objects.create(
        task=task,
        text=text.strip(),
        percent=percent,
        author=actor,
        agency_id=_agency_id(actor),
        answering_document=answering_document,
        at=now,
    )


def report_progress(task: Task, *, actor, text: str, percent, answering_document=None, now=None) -> Task:
    """The lead agency reports: the task's percent becomes the report's and rolls up to the parent."""
    percent = _percent(percent)

    def change(locked, now):
        _progress_row(locked, actor, text, percent, answering_document, now)
        locked.progress = percent
        locked.save(update_fields=["progress"])
        _roll_up(locked.parent)

    return apply(LIFECYCLE, task, "report_progress", actor, now=now, note=text, change=change)


def report_part(task: Task, *, actor, text: str, percent, answering_document=None, now=None) -> Task:
    """A cooperating agency reports its part; the task's own percent is the lead agency's."""
    percent = _percent(percent)

    def change(locked, now):
        _progress_row(locked, actor, text, percent, answering_document, now)

    return apply(LIFECYCLE, task, "report_part", actor, now=now, note=text, change=change)


def propose_done(task: Task, *, actor, text: str, answering_document=None, now=None) -> Task:
    """The lead agency reports the task done (its completion date, the one compared with the deadline)."""

    def change(locked, now):
        TaskProgress.objects.create(
            task=locked,
            text=text.strip(),
            percent=100,
            author=actor,
            agency_id=_agency_id(actor),
            answering_document=answering_document,
            at=now,
        )
        locked.progress = 100
        locked.completed_on = _today(now)
        locked.save(update_fields=["progress", "completed_on"])
        _roll_up(locked.parent)

    return apply(LIFECYCLE, task, "propose_done", actor, now=now, note=text, change=change)


def accept(task: Task, *, actor, note: str = "", now=None) -> Task:
    def change(locked, now):
        locked.closed_at = now

    return apply(LIFECYCLE, task, "accept", actor, now=now, note=note, change=change)


def return_task(task: Task, *, actor, note: str, now=None) -> Task:
    """The assigning leader does not accept the result: back to in progress, the completion date cleared."""

    def change(locked, now):
        locked.completed_on = None

    return apply(LIFECYCLE, task, "return", actor, now=now, note=note, change=change)


def cancel(task: Task, *, actor, note: str, now=None) -> Task:
    def change(locked, now):
        locked.closed_at = now
        locked.save(update_fields=["state", "closed_at"])  # the roll-up reads the saved state
        _roll_up(locked.parent)

    return apply(LIFECYCLE, task, "cancel", actor, now=now, note=note, change=change)


def urge(task: Task, *, actor, note: str = "", now=None) -> Task:
    def change(locked, now):
        locked.last_urged_at = now

    return apply(LIFECYCLE, task, "urge", actor, now=now, note=note, change=change)


# --- extensions (the state does not change; ``original_deadline`` never does) ----------------------------------


def request_extension(task: Task, *, actor, reason: str, requested_deadline: date, now=None) -> ExtensionRequest:
    created: list[ExtensionRequest] = []

    def check(locked):
        if requested_deadline <= locked.deadline:
            raise TaskError(_("Hạn đề nghị phải sau hạn hiện tại."))
        if locked.extension_requests.filter(decision=ExtensionRequest.Decision.PENDING).exists():
            raise TaskError(_("Nhiệm vụ đã có một đề nghị gia hạn đang chờ quyết định."))

    def change(locked, now):
        created.append(
            ExtensionRequest.objects.create(
                task=locked,
                reason=reason.strip(),
                requested_deadline=requested_deadline,
                previous_deadline=locked.deadline,
                requested_by=actor,
                requested_at=now,
            )
        )

    apply(LIFECYCLE, task, "request_extension", actor, now=now, note=reason, check=check, change=change)
    return created[0]


def decide_extension(
    task: Task, *, actor, approve: bool, deadline: date | None = None, note: str = "", now=None
) -> Task:
    """Approve (with the requested deadline, or another one later than the current) or refuse the pending request."""

    def check(locked):
        if not locked.extension_requests.filter(decision=ExtensionRequest.Decision.PENDING).exists():
            raise TaskError(_("Nhiệm vụ không có đề nghị gia hạn nào đang chờ."))
        if approve and deadline is not None and deadline <= locked.deadline:
            raise TaskError(_("Hạn mới phải sau hạn hiện tại."))
        if not approve and not (note or "").strip():
            raise TaskError(_("Cần ghi lý do không đồng ý gia hạn."))

    def change(locked, now):
        request = locked.extension_requests.select_for_update().get(decision=ExtensionRequest.Decision.PENDING)
        request.decided_by, request.decided_at, request.decision_note = actor, now, note.strip()
        if approve:
            request.decision = ExtensionRequest.Decision.APPROVED
            request.granted_deadline = deadline or request.requested_deadline
            locked.deadline = request.granted_deadline
            locked.save(update_fields=["deadline"])
        else:
            request.decision = ExtensionRequest.Decision.REFUSED
        request.save()

    return apply(LIFECYCLE, task, "decide_extension", actor, now=now, note=note, check=check, change=change)


__all__ = [
    "SYSTEM_ACTOR",
    "TaskData",
    "TaskError",
    "accept",
    "assign",
    "available_actions",
    "cancel",
    "decide_extension",
    "propose_done",
    "relations",
    "report_part",
    "report_progress",
    "request_extension",
    "return_task",
    "split",
    "urge",
]
