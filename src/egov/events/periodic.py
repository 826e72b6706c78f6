"""Periodic jobs run by ``egov worker``: publishing scheduled pages, purging old events, nightly checks.

An app declares a job in its ``handlers.py`` (imported by the events app at start-up)::

    from egov.events.periodic import every

    @every(minutes=1, name="cms.publish_scheduled")
    def publish_scheduled(now):
        ...

Every worker runs the loop, but a run is claimed with one conditional UPDATE on ``PeriodicJob``
(``next_run_at <= now`` → ``next_run_at = now + interval``), so with any number of workers each due
job runs once per interval. A job that fails is logged and tried again at its next interval.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.core.registry import Registry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    func: Callable[[datetime], object]


JOBS: Registry[Job] = Registry("periodic jobs")


def every(*, minutes: float = 0, hours: float = 0, days: float = 0, name: str | None = None):
    """Decorator: run ``func(now)`` every interval from the worker loop."""
    interval = timedelta(minutes=minutes, hours=hours, days=days)
    if interval <= timedelta(0):
        raise ImproperlyConfigured("A periodic job needs a positive interval.")

    def decorator(func: Callable) -> Callable:
        job_name = name or f"{func.__module__}.{func.__qualname__}"
        JOBS.register(job_name, Job(job_name, interval, func), replace=True)
        return func

    return decorator


def jobs() -> list[Job]:
    return sorted(JOBS.all(), key=lambda job: job.name)


def unregister(name: str) -> None:
    if name in JOBS:
        JOBS.unregister(name)


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Run every job whose time has come and that this worker claimed; return their names."""
    now = now or timezone.now()
    ran = []
    for job in jobs():
        if not _claim(job, now):
            continue
        try:
            job.func(now)
        except Exception:
            logger.exception("Periodic job %s failed; it runs again in %s.", job.name, job.interval)
        ran.append(job.name)
    return ran


def _claim(job: Job, now: datetime) -> bool:
    from .models import PeriodicJob

    claimed = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.interval, last_run_at=now
    )
    if claimed:
        return True
    if PeriodicJob.objects.filter(name=job.name).exists():
        return False
    try:  # first run of a new job: whoever creates the row runs it
        with transaction.atomic():
            PeriodicJob.objects.create(name=job.name, next_run_at=now + job.interval, last_run_at=now)
    except IntegrityError:
        return False
    return True
