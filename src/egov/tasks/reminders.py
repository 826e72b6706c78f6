"""Deadline reminders: 3 and 1 working days before the deadline, and once when it has passed.

Each (task, threshold, deadline) is sent once: the ``ReminderSent`` row is created first, under its unique
constraint, in the same transaction as the notices, the outbox event ``task.remind`` and the audit record, so
a second worker (or a second run) finds it and sends nothing. An extended deadline gets its own reminders.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.accounts.models import Role, User
from egov.audit.services import record
from egov.events.services import publish
from egov.notifications.services import notify_user

from .models import ReminderSent, Task
from .status import working_days_left
from .transitions import WORKING

Threshold = ReminderSent.Threshold


def threshold_of(task: Task, today) -> str | None:
    if today > task.deadline:
        return Threshold.OVERDUE
    left = working_days_left(today, task.deadline)
    if left == 1:
        return Threshold.ONE_DAY
    if left == 3:
        return Threshold.THREE_DAYS
    return None


def _recipients(task: Task):
    return User.objects.filter(
        is_active=True, kind=User.Kind.STAFF, official__agency=task.lead_agency_id, roles__role=Role.AGENCY_LEADER
    ).distinct()


def _message(task: Task, threshold: str) -> str:
    from django.utils.translation import gettext as _

    if threshold == Threshold.OVERDUE:
        return _("Nhiệm vụ quá hạn: %(title)s (hạn %(deadline)s)") % {
            "title": task.title,
            "deadline": f"{task.deadline:%d/%m/%Y}",
        }
    return _("Nhiệm vụ sắp đến hạn: %(title)s (hạn %(deadline)s)") % {
        "title": task.title,
        "deadline": f"{task.deadline:%d/%m/%Y}",
    }


def send_reminders(now=None) -> int:
    """Send the reminders due today for open tasks still being worked on; return how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for task in Task.objects.filter(state__in=WORKING).select_related("lead_agency").iterator():
        threshold = threshold_of(task, today)
        if threshold is None:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(task=task, threshold=threshold, deadline=task.deadline, sent_at=now)
                title = _message(task, threshold)
                for user in _recipients(task):
                    notify_user(user, title)
                payload = {"threshold": threshold, "deadline": task.deadline.isoformat()}
                publish("task.remind", aggregate=task, payload=payload)
                record(actor=None, action="task.remind", target=task, after=payload, agency=task.lead_agency)
        except IntegrityError:
            continue  # already sent (another worker, or an earlier run)
        sent += 1
    return sent
