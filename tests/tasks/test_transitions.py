"""Every row of the task table, from each of its sources (allowed) and from every other state (refused), and
the relations that may (not) take it; each change writes its timeline step, audit record and outbox event."""

from datetime import date

import pytest

from egov.audit.models import AuditRecord
from egov.events.models import OutboxEvent
from egov.tasks import services
from egov.tasks.models import Task
from egov.tasks.services import TaskError
from egov.tasks.transitions import SAME, TRANSITIONS, TaskState

from .factories import ASSIGNED_AT, at

NOW = at(2026, 5, 4, 9, 0)


def _call(action, task, world, actor):
    w = world
    calls = {
        "report_progress": lambda: services.report_progress(task, actor=actor, text="Đã họp", percent=40, now=NOW),
        "report_part": lambda: services.report_part(task, actor=actor, text="Đã góp ý", percent=100, now=NOW),
        "split": lambda: services.split(
            task, [w.data(title="Phần 1", deadline=date(2026, 5, 20))], actor=actor, now=NOW
        ),
        "propose_done": lambda: services.propose_done(task, actor=actor, text="Đã xong", now=NOW),
        "accept": lambda: services.accept(task, actor=actor, now=NOW),
        "return": lambda: services.return_task(task, actor=actor, note="Chưa đạt", now=NOW),
        "request_extension": lambda: services.request_extension(
            task, actor=actor, reason="Chờ ý kiến bộ", requested_deadline=date(2026, 6, 30), now=NOW
        ),
        "decide_extension": lambda: services.decide_extension(task, actor=actor, approve=True, now=NOW),
        "urge": lambda: services.urge(task, actor=actor, note="Đề nghị khẩn trương", now=NOW),
        "cancel": lambda: services.cancel(task, actor=actor, note="Không còn cần thiết", now=NOW),
    }
    return calls[action]()


def _actor(action, world):
    row = TRANSITIONS[action]
    if "assigner_leader" in row.roles:
        return world.ubnd.leader
    if "assigner" in row.roles:
        return world.ubnd.spec
    if "cooperating" in row.roles:
        return world.b.spec
    if "lead_manager" in row.roles and "lead" not in row.roles:
        return world.a.head
    return world.a.spec


def test_every_row_has_a_test_actor():
    assert {row.action for row in TRANSITIONS} == {
        "report_progress", "report_part", "split", "propose_done", "accept", "return",
        "request_extension", "decide_extension", "urge", "cancel",
    }  # fmt: skip


CASES = [(row.action, state) for row in TRANSITIONS for state in TaskState.values]


@pytest.mark.parametrize(("action", "state"), CASES)
def test_each_action_from_each_state(world, action, state):
    task = world.task(state=state)
    if action == "decide_extension":
        world.pending_extension(task)
    row = TRANSITIONS[action]
    events, audits = OutboxEvent.objects.count(), AuditRecord.objects.count()
    if state not in row.sources:
        with pytest.raises(TaskError):
            _call(action, task, world, _actor(action, world))
        task.refresh_from_db()
        assert task.state == state
        assert OutboxEvent.objects.count() == events
        return
    _call(action, task, world, _actor(action, world))
    task.refresh_from_db()
    assert task.state == (state if row.target == SAME else row.target)
    assert OutboxEvent.objects.filter(topic=f"task.{action}", aggregate_id=str(task.pk)).count() == 1
    assert AuditRecord.objects.filter(action=f"task.{action}", object_id=str(task.pk)).count() == 1
    assert task.steps.filter(action=action).count() == 1
    assert AuditRecord.objects.count() > audits


@pytest.mark.parametrize("action", [row.action for row in TRANSITIONS])
def test_an_unrelated_agency_and_the_wrong_side_are_refused(world, action):
    row = TRANSITIONS[action]
    task = world.task(state=row.sources[0])
    if action == "decide_extension":
        world.pending_extension(task)
    outsiders = [world.c.leader, world.c.spec]
    if row.roles & {"assigner", "assigner_leader"}:
        outsiders += [world.a.leader, world.b.leader]  # the lead agency does not accept its own work
    else:
        outsiders += [world.ubnd.spec]
    if "assigner_leader" in row.roles and "assigner" not in row.roles:
        outsiders.append(world.ubnd.spec)  # the office prepares, the leader decides
    for outsider in outsiders:
        with pytest.raises(TaskError):
            _call(action, task, world, outsider)
    task.refresh_from_db()
    assert task.state == row.sources[0]
    assert not task.steps.filter(action=action).exists()


def test_a_note_is_required_where_the_table_says(world):
    task = world.task(state=TaskState.PROPOSED_DONE)
    with pytest.raises(TaskError):
        services.return_task(task, actor=world.ubnd.leader, note="  ")
    with pytest.raises(TaskError):
        services.cancel(task, actor=world.ubnd.leader, note="")


def test_assign_writes_step_audit_and_event_and_checks_the_leader(world):
    task = world.task()
    assert task.state == TaskState.ASSIGNED
    assert task.assigning_agency == world.ubnd.agency
    assert list(task.cooperating_agencies.all()) == [world.b.agency]
    assert task.original_deadline == task.deadline == date(2026, 5, 29)
    assert OutboxEvent.objects.filter(topic="task.assign", aggregate_id=str(task.pk)).exists()
    assert AuditRecord.objects.filter(action="task.assign", object_id=str(task.pk)).exists()
    assert task.steps.get().action == "assign"
    # the office assigns on the leader's behalf; the named leader must lead the assigning agency
    on_behalf = services.assign(world.data(), actor=world.ubnd.spec, leader=world.ubnd.leader, now=ASSIGNED_AT)
    assert on_behalf.assigning_leader == world.ubnd.leader
    with pytest.raises(TaskError):
        services.assign(world.data(), actor=world.ubnd.spec, leader=world.a.leader, now=ASSIGNED_AT)
    with pytest.raises(TaskError):
        services.assign(world.data(lead_agency=world.b.agency), actor=world.ubnd.leader, now=ASSIGNED_AT)
    with pytest.raises(TaskError):
        services.assign(world.data(deadline=date(2026, 4, 1)), actor=world.ubnd.leader, now=ASSIGNED_AT)
    assert Task.objects.count() == 2


def test_return_clears_the_completion_date_and_a_second_proposal_sets_it_again(world):
    task = world.task(state=TaskState.IN_PROGRESS)
    services.propose_done(task, actor=world.a.spec, text="Xong", now=at(2026, 5, 5, 9))
    assert Task.objects.get(pk=task.pk).completed_on == date(2026, 5, 5)
    services.return_task(task, actor=world.ubnd.leader, note="Bổ sung số liệu", now=at(2026, 5, 6, 9))
    task.refresh_from_db()
    assert (task.state, task.completed_on) == (TaskState.IN_PROGRESS, None)
    services.propose_done(task, actor=world.a.spec, text="Đã bổ sung", now=at(2026, 5, 8, 9))
    services.accept(task, actor=world.ubnd.leader, now=at(2026, 5, 8, 15))
    task.refresh_from_db()
    assert (task.state, task.completed_on) == (TaskState.DONE, date(2026, 5, 8))
    assert [s.action for s in task.steps.all()] == ["assign", "propose_done", "return", "propose_done", "accept"]


def test_one_pending_extension_at_a_time_and_refusal_needs_a_reason(world):
    task = world.task(state=TaskState.IN_PROGRESS)
    services.request_extension(
        task, actor=world.a.leader, reason="Chờ bộ", requested_deadline=date(2026, 6, 30), now=NOW
    )
    with pytest.raises(TaskError):
        services.request_extension(
            task, actor=world.a.leader, reason="Lần hai", requested_deadline=date(2026, 7, 30), now=NOW
        )
    with pytest.raises(TaskError):
        services.decide_extension(task, actor=world.ubnd.leader, approve=False, now=NOW)
    services.decide_extension(task, actor=world.ubnd.leader, approve=False, note="Không có căn cứ", now=NOW)
    task.refresh_from_db()
    assert task.deadline == task.original_deadline == date(2026, 5, 29)
    assert task.extension_requests.get().decision == "refused"
    with pytest.raises(TaskError):  # nothing pending any more
        services.decide_extension(task, actor=world.ubnd.leader, approve=True, now=NOW)
