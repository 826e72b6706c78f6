"""The connector's reactions and periodic jobs (imported by the events app at start-up).

Nothing is queued, sent or polled unless ``DVCQG_ENABLED``.
"""

import logging

from django.conf import settings
from django.db import transaction

from egov.events.periodic import every
from egov.events.registry import subscriber

from . import sync

logger = logging.getLogger(__name__)


@subscriber("dossier.*", name=sync.HANDLER)
def queue_sync(event):
    if settings.DVCQG_ENABLED and sync.queue_event(event) and not _send_pending():
        transaction.on_commit(_enqueue_send, robust=True)


def _send_pending() -> bool:
    """A send task is already due when the current transaction commits (the outbox runs several deliveries in
    one transaction: one task sends them all, not one task per event)."""
    connection = transaction.get_connection()
    pending = connection.run_on_commit if connection.in_atomic_block else []
    return any(func is _enqueue_send for _sids, func, _robust in pending)


def _enqueue_send():
    from .tasks import send_due_task

    send_due_task.enqueue()


@every(minutes=0.25, name="dvcqg.send_due")
def send_due(now):
    """Retries whose back-off has passed, and anything a lost task left behind."""
    if settings.DVCQG_ENABLED:
        return sync.send_due()
    return 0


@every(minutes=settings.DVCQG_POLL_MINUTES, name="dvcqg.poll")
def poll(now):
    """New dossiers filed on DVCQG, and the ratings given there."""
    if not settings.DVCQG_ENABLED:
        return None
    from .intake import poll as poll_dossiers
    from .ratings import pull_ratings

    result = poll_dossiers()
    pull_ratings()
    return result
