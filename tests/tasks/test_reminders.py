"""Reminders 3 and 1 working days before the deadline and when overdue, each sent once."""

from datetime import date

from egov.audit.models import AuditRecord
from egov.events.models import OutboxEvent
from egov.notifications.models import Notification
from egov.tasks import handlers, services
from egov.tasks.models import ReminderSent
from egov.tasks.reminders import send_reminders
from egov.tasks.transitions import TaskState

from .factories import at


def test_thresholds_across_the_holiday_each_sent_once(world):
    task = world.task(deadline=None, working_days=5)  # deadline Thu 7/5/2026
    assert send_reminders(at(2026, 4, 29, 8)) == 0  # 4 working days left
    assert send_reminders(at(2026, 4, 30, 8)) == 0  # holiday: still 4 (4/5..7/5)
    assert send_reminders(at(2026, 5, 4, 8)) == 1  # 3 left
    assert send_reminders(at(2026, 5, 4, 9)) == 0  # the worker again: no duplicate
    handlers.reminders(at(2026, 5, 4, 10))
    assert send_reminders(at(2026, 5, 6, 8)) == 1  # 1 left
    assert send_reminders(at(2026, 5, 8, 8)) == 1  # overdue
    assert send_reminders(at(2026, 5, 11, 8)) == 0  # overdue is told once per deadline
    assert list(ReminderSent.objects.values_list("threshold", flat=True).order_by("id")) == ["d3", "d1", "overdue"]
    assert Notification.objects.filter(user=world.a.leader).count() == 3
    assert not Notification.objects.filter(user=world.b.leader).exists()
    assert OutboxEvent.objects.filter(topic="task.remind", aggregate_id=str(task.pk)).count() == 3
    assert AuditRecord.objects.filter(action="task.remind", object_id=str(task.pk)).count() == 3


def test_an_extension_gets_its_own_reminders_and_closed_tasks_get_none(world):
    task = world.task(deadline=date(2026, 5, 7), state=TaskState.IN_PROGRESS)
    send_reminders(at(2026, 5, 8, 8))
    services.request_extension(task, actor=world.a.leader, reason="Chờ", requested_deadline=date(2026, 5, 20))
    services.decide_extension(task, actor=world.ubnd.leader, approve=True)
    assert send_reminders(at(2026, 5, 21, 8)) == 1
    done = world.task(deadline=date(2026, 5, 7), state=TaskState.PROPOSED_DONE)
    assert send_reminders(at(2026, 5, 8, 9)) == 0
    assert not ReminderSent.objects.filter(task=done).exists()
