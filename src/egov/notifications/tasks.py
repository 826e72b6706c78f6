"""Tasks run by the worker (django-tasks). Kept thin: the logic is in ``services``."""

from django_tasks import task


@task()
def deliver_message(message_id: int) -> str:
    from .services import deliver

    return deliver(message_id)
