"""Background tasks of the events app (django-tasks)."""

from django_tasks import task

from . import dispatcher

BATCH = 200  # deliveries per task run, so that other tasks in the queue get their turn


@task()
def dispatch_due() -> int:
    """Deliver due outbox deliveries; enqueued when a transaction that published events commits.

    When there may be more than one batch, the task queues itself again instead of running on.
    """
    count = dispatcher.deliver_due(limit=BATCH)
    if count == BATCH:
        dispatch_due.enqueue()
    return count
