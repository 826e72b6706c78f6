"""Background tasks of the DVCQG connector (django-tasks)."""

from django_tasks import task

BATCH = 200


@task()
def send_due_task() -> int:
    """Send the sync messages that may go now; queued when new messages commit (the periodic job catches up)."""
    from .sync import send_due

    return send_due(limit=BATCH)
