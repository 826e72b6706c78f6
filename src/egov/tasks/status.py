"""The status people see, derived (never stored) from the state, the deadline, the completion date and today.

Open tasks: ``on_time``, ``due_soon`` (the deadline is at most ``DUE_SOON_WORKING_DAYS`` working days away,
counted with the platform calendar), ``overdue``. Closed: ``done_on_time`` / ``done_late`` (the completion
date, i.e. the day the lead agency proposed it done, against the deadline in force, so an approved
extension counts; ``original_deadline`` stays for the statistics), ``cancelled``. ``NOT_DONE`` groups the
three open ones for statistics ("chưa hoàn thành").
"""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.workdays.provider import get_calendar

from .transitions import TaskState

DUE_SOON_WORKING_DAYS = 3


class DerivedStatus(models.TextChoices):
    ON_TIME = "on_time", _("Đang thực hiện, trong hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn, chưa hoàn thành")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    CANCELLED = "cancelled", _("Đã hủy")


NOT_DONE = frozenset({DerivedStatus.ON_TIME, DerivedStatus.DUE_SOON, DerivedStatus.OVERDUE})


def working_days_left(today: date, deadline: date, calendar=None) -> int:
    """Working days in (today, deadline]: 0 when the deadline is today, negative when it has passed."""
    if deadline < today:
        return -1
    return (calendar or get_calendar()).working_days_in(today, deadline)


def add_working_days(start: date, days: int, calendar=None) -> date:
    """The ``days``-th working day after ``start`` (a deadline given in working days at assignment)."""
    return (calendar or get_calendar()).nth_working_day_after(start, days)


def derived_status(task, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if task.state == TaskState.CANCELLED:
        return DerivedStatus.CANCELLED
    if task.state == TaskState.DONE:
        done = task.completed_on or today
        return DerivedStatus.DONE_ON_TIME if done <= task.deadline else DerivedStatus.DONE_LATE
    if today > task.deadline:
        return DerivedStatus.OVERDUE
    if working_days_left(today, task.deadline) <= DUE_SOON_WORKING_DAYS:
        return DerivedStatus.DUE_SOON
    return DerivedStatus.ON_TIME
