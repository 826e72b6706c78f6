"""Background tasks of the exchange app (django-tasks)."""

from django_tasks import task


@task()
def send_due_task() -> int:
    """Send the messages whose retry time has come (scheduled with ``run_after`` after a failed attempt)."""
    from .services import send_due

    return send_due()
