"""Derived statuses across a holiday and an extension, deadlines in working days, progress roll-up, scoping."""

from datetime import date

import pytest

from egov.tasks import services
from egov.tasks.models import Task
from egov.tasks.services import TaskError
from egov.tasks.status import DerivedStatus, derived_status
from egov.tasks.transitions import TaskState

from .factories import ASSIGNED_AT, at


def test_a_deadline_in_working_days_skips_the_april_holidays_and_the_weekend(world):
    # assigned Tue 28/4/2026: 29/4 (1), 30/4–3/5 off, 4/5 (2), 5/5 (3)
    task = world.task(deadline=None, working_days=3)
    assert task.deadline == task.original_deadline == date(2026, 5, 5)
    assert task.deadline_working_days == 3
    with pytest.raises(TaskError):
        world.task(deadline=None, working_days=0)


def test_derived_statuses_across_the_holiday_and_an_extension(world):
    task = world.task(deadline=None, working_days=5)  # 29/4, 4/5, 5/5, 6/5, 7/5
    assert task.deadline == date(2026, 5, 7)
    assert derived_status(task, date(2026, 4, 28)) == DerivedStatus.ON_TIME  # 5 working days left
    assert derived_status(task, date(2026, 4, 30)) == DerivedStatus.ON_TIME  # holiday: 4/5..7/5 = 4 left
    assert derived_status(task, date(2026, 5, 4)) == DerivedStatus.DUE_SOON  # 5/5, 6/5, 7/5
    assert derived_status(task, date(2026, 5, 7)) == DerivedStatus.DUE_SOON  # the deadline day itself
    assert derived_status(task, date(2026, 5, 8)) == DerivedStatus.OVERDUE

    services.request_extension(
        task, actor=world.a.leader, reason="Chờ số liệu", requested_deadline=date(2026, 5, 20), now=at(2026, 5, 6, 9)
    )
    services.decide_extension(task, actor=world.ubnd.leader, approve=True, now=at(2026, 5, 6, 10))
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline, task.was_extended) == (date(2026, 5, 20), date(2026, 5, 7), True)
    assert task.state == TaskState.ASSIGNED  # an extension does not change the state
    assert derived_status(task, date(2026, 5, 8)) == DerivedStatus.ON_TIME

    services.propose_done(task, actor=world.a.spec, text="Hoàn thành", now=at(2026, 5, 12, 9))
    services.accept(task, actor=world.ubnd.leader, now=at(2026, 5, 25, 9))  # late acceptance is not the agency's
    task.refresh_from_db()
    assert derived_status(task, date(2026, 6, 1)) == DerivedStatus.DONE_ON_TIME
    assert task.original_deadline < task.completed_on  # the statistics can still tell it was extended


def test_done_late_and_cancelled(world):
    late = world.task(deadline=date(2026, 5, 5), state=TaskState.IN_PROGRESS)
    services.propose_done(late, actor=world.a.spec, text="Xong", now=at(2026, 5, 6, 9))
    services.accept(late, actor=world.ubnd.leader, now=at(2026, 5, 6, 10))
    assert derived_status(Task.objects.get(pk=late.pk), date(2026, 5, 6)) == DerivedStatus.DONE_LATE
    gone = world.task()
    services.cancel(gone, actor=world.ubnd.leader, note="Không còn cần thiết", now=at(2026, 5, 6, 9))
    assert Task.objects.get(pk=gone.pk).derived_status(date(2026, 7, 1)) == DerivedStatus.CANCELLED


def test_progress_rolls_up_to_the_parent_and_its_parent(world):
    task = world.task(state=TaskState.IN_PROGRESS)
    one, two = services.split(
        task,
        [world.data(title="Phần 1", lead_agency=world.a.agency, cooperating_agencies=()),
         world.data(title="Phần 2", lead_agency=world.b.agency, cooperating_agencies=())],
        actor=world.a.leader,
        now=at(2026, 5, 4, 9),
    )  # fmt: skip
    assert (one.parent, one.assigning_agency, one.assigning_leader) == (task, world.a.agency, world.a.leader)
    (grandchild,) = services.split(
        one, [world.data(title="Phần 1.1", cooperating_agencies=())], actor=world.a.head, now=at(2026, 5, 4, 10)
    )
    services.report_progress(grandchild, actor=world.a.spec, text="Đang làm", percent=60, now=at(2026, 5, 5, 9))
    assert Task.objects.get(pk=one.pk).progress == 60
    assert Task.objects.get(pk=task.pk).progress == 30  # mean of 60 and 0
    services.report_progress(two, actor=world.b.spec, text="Đang làm", percent=20, now=at(2026, 5, 5, 9))
    assert Task.objects.get(pk=task.pk).progress == 40
    services.cancel(two, actor=world.a.leader, note="Gộp vào phần 1", now=at(2026, 5, 6, 9))
    assert Task.objects.get(pk=task.pk).progress == 60  # a cancelled sub-task no longer counts
    with pytest.raises(TaskError):  # a sub-task's deadline is within its parent's
        services.split(task, [world.data(deadline=date(2026, 12, 31))], actor=world.a.leader)
    with pytest.raises(TaskError):
        services.report_progress(task, actor=world.a.spec, text="x", percent=101)


def test_a_cooperating_report_does_not_move_the_lead_agency_percent(world):
    task = world.task(state=TaskState.IN_PROGRESS)
    services.report_part(task, actor=world.b.spec, text="Đã góp ý dự thảo", percent=100, now=at(2026, 5, 4, 9))
    task.refresh_from_db()
    assert task.progress == 0
    assert task.reports.get().agency == world.b.agency


def test_a_so_sees_the_tasks_it_leads_cooperates_on_or_assigned(world):
    to_a = world.task()
    to_c = world.task(lead_agency=world.c.agency, cooperating_agencies=())
    (by_a,) = services.split(
        to_a, [world.data(lead_agency=world.b.agency, cooperating_agencies=())], actor=world.a.leader, now=ASSIGNED_AT
    )
    everything = {to_a.pk, to_c.pk, by_a.pk}
    assert set(Task.objects.for_user(world.ubnd.leader).values_list("pk", flat=True)) == everything
    assert set(Task.objects.for_user(world.a.leader).values_list("pk", flat=True)) == {to_a.pk, by_a.pk}
    assert set(Task.objects.for_user(world.a.spec).values_list("pk", flat=True)) == {to_a.pk, by_a.pk}
    assert set(Task.objects.for_user(world.b.leader).values_list("pk", flat=True)) == {to_a.pk, by_a.pk}
    assert set(Task.objects.for_user(world.c.spec).values_list("pk", flat=True)) == {to_c.pk}
    assert Task.objects.for_user(world.b.leader).count() == 2  # never listed twice
    assert not Task.objects.for_user(None).exists()
