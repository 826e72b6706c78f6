"""The background worker behind ``egov worker``.

One loop does three jobs: it runs the tasks waiting in the django-tasks database queue (with
django-tasks-db's own worker, in batch mode), and every ``sweep_interval`` seconds it delivers the
outbox deliveries that are due and runs the periodic jobs that are due (``periodic.py``), so
retries and deliveries left by a crashed worker go out even when no new task arrives. Any number
of workers may run against the same database.
"""

import logging
import signal
import sys
import time

from django.db import close_old_connections
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as TasksWorker

from .dispatcher import default_worker_id, deliver_due
from .models import WorkerHeartbeat
from .periodic import run_due_jobs

logger = logging.getLogger(__name__)

ONCE_MAX_ROUNDS = 20  # --once: rounds of (tasks, deliveries) while either still finds work
PAUSE_STEP = 0.1


class Worker:
    def __init__(
        self,
        *,
        interval: float = 1.0,
        sweep_interval: float = 5.0,
        queue_names: tuple[str, ...] = ("*",),
        worker_id: str | None = None,
    ) -> None:
        self.interval = interval
        self.sweep_interval = sweep_interval
        self.worker_id = worker_id or default_worker_id()
        self.running = True
        self.tasks = _tasks_worker(queue_names, interval, self.worker_id)

    def stop(self, signum=None, frame=None) -> None:
        """Finish the task or delivery under way, then return; a second signal exits at once."""
        if not self.running and signum is not None:
            logger.warning("Second %s: stopping now.", signal.strsignal(signum))
            sys.exit(1)
        self.running = False
        if self.tasks is not None:
            self.tasks.running = False

    def is_running(self) -> bool:
        return self.running

    def install_signal_handlers(self) -> None:
        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self.stop)

    def run_once(self) -> int:
        """Run the due periodic jobs, then every ready task and every due delivery until neither finds
        more; return how many tasks and deliveries ran."""
        beat(self.worker_id)
        run_due_jobs()
        total = 0
        for _ in range(ONCE_MAX_ROUNDS):
            done = self._run_tasks() + deliver_due(worker_id=self.worker_id, keep_going=self.is_running)
            total += done
            if not done or not self.running:
                break
        return total

    def run_forever(self) -> None:
        next_sweep = 0.0
        while self.running:
            close_old_connections()
            try:
                self._run_tasks()
                if self.running and time.monotonic() >= next_sweep:
                    beat(self.worker_id)
                    deliver_due(worker_id=self.worker_id, keep_going=self.is_running)
                    run_due_jobs()
                    next_sweep = time.monotonic() + self.sweep_interval
            except Exception:
                logger.exception("Worker loop failed; trying again shortly.")
            self._pause(self.interval)

    def _run_tasks(self) -> int:
        if self.tasks is None or not self.running:
            return 0
        before = self.tasks._run_tasks
        self.tasks.run()
        return self.tasks._run_tasks - before

    def _pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(PAUSE_STEP, max(deadline - time.monotonic(), 0)))


def beat(worker_id: str) -> None:
    """Record that this worker is alive (one upsert per sweep); ``/readyz`` reads the freshest beat."""
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"seen_at": timezone.now()})


def _tasks_worker(queue_names, interval: float, worker_id: str) -> TasksWorker | None:
    """django-tasks-db's worker in batch mode, or None when tasks do not go through the database."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    return TasksWorker(
        queue_names=list(queue_names),
        interval=interval,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
