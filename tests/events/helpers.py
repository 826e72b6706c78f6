"""Helpers for the events tests: publishing, time travel for back-off, and worker subprocesses."""

import os
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from egov.events.models import Delivery
from egov.events.services import publish

CRASH_WORKER = str(Path(__file__).with_name("crash_worker.py"))


def publish_now(topic, **kwargs):
    with transaction.atomic():
        return publish(topic, **kwargs)


def make_due(*deliveries) -> None:
    """Skip the back-off wait: the next attempt is due now."""
    past = timezone.now() - timedelta(seconds=1)
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(next_attempt_at=past)


def child_database_url() -> str:
    """A DATABASE_URL for a child process that points at the database this test is using."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


def subprocess_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=child_database_url(),
        EGOV_VAR_DIR=str(settings.VAR_DIR),
        DJANGO_SETTINGS_MODULE="egov.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def wait_for(condition, timeout: float = 60, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
