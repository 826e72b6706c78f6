"""Background task of the webhooks sender (django-tasks)."""

from django_tasks import task

BATCH = 200


@task()
def send_webhooks() -> int:
    """Send the deliveries that may go now; queued when new ones commit (the periodic job catches up)."""
    from .sending import send_due

    return send_due(limit=BATCH)
