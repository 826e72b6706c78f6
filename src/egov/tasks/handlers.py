"""Periodic jobs of the task domain (run by ``egov worker``)."""

from egov.events.periodic import every

from .reminders import send_reminders


@every(hours=1, name="tasks.reminders")
def reminders(now):
    return send_reminders(now)
