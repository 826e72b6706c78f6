"""The background worker behind ``egov worker``.

One loop does three jobs: it runs the tasks waiting in the django-tasks database queue (with
django-tasks-db's own worker, in batch mode), it delivers the outbox deliveries that are due, and
every ``sweep_interval`` seconds it runs the periodic jobs that are due (``periodic.py``).

Between rounds it waits ``interval`` seconds. On PostgreSQL it waits on ``LISTEN egov_outbox`` (a
trigger notifies when deliveries are inserted, i.e. when a publishing transaction commits) and
delivers as soon as it is woken; the sweep still delivers retries and deliveries left by a crashed
worker. On SQLite it polls: deliveries are looked for after each wait. Any number of workers may
run against the same database.
"""

import logging
import signal
import sys
import time

from django.db import close_old_connections, connections
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
CHANNEL = "egov_outbox"  # notified by the events_delivery_notify trigger (migration 0004)


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
        self.wakeup = Wakeup()

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
        due = True
        try:
            while self.running:
                close_old_connections()
                try:
                    self._run_tasks()
                    if self.running and time.monotonic() >= next_sweep:
                        beat(self.worker_id)
                        run_due_jobs()
                        next_sweep = time.monotonic() + self.sweep_interval
                        due = True  # retries whose time has come, leases of a dead worker
                    if self.running and due:
                        deliver_due(worker_id=self.worker_id, keep_going=self.is_running)
                except Exception:
                    logger.exception("Worker loop failed; trying again shortly.")
                due = self.wakeup.wait(self.interval, self.is_running)
        finally:
            self.wakeup.close()

    def _run_tasks(self) -> int:
        if self.tasks is None or not self.running:
            return 0
        before = self.tasks._run_tasks
        self.tasks.run()
        return self.tasks._run_tasks - before


def beat(worker_id: str) -> None:
    """Record that this worker is alive (one upsert per sweep); ``/readyz`` reads the freshest beat."""
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"seen_at": timezone.now()})


class Wakeup:
    """The wait between two rounds: until a NOTIFY on PostgreSQL, a plain pause elsewhere.

    ``wait()`` returns True when deliveries may be due: notified (PostgreSQL), or always after the pause
    on SQLite (polling). The listening connection is its own (Django's is closed between rounds); if it
    breaks, the worker polls until it can listen again.
    """

    def __init__(self) -> None:
        self.listener = None

    def wait(self, seconds: float, running) -> bool:
        deadline = time.monotonic() + seconds
        raw = self._listen()
        if raw is None:
            _pause(deadline, running)
            return True
        try:
            while running():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                for _notify in raw.notifies(timeout=min(left, 0.25), stop_after=1):
                    return True
        except Exception:
            logger.warning("Lost the LISTEN connection; polling until it is back.", exc_info=True)
            self.close()
            _pause(deadline, running)
            return True
        return False

    def _listen(self):
        default = connections["default"]
        if default.vendor != "postgresql":
            return None
        if self.listener is None:
            try:
                listener = default.copy()
                listener.ensure_connection()
                listener.connection.autocommit = True
                listener.connection.execute(f"LISTEN {CHANNEL}")
            except Exception:
                logger.warning("Cannot LISTEN %s; polling instead.", CHANNEL, exc_info=True)
                return None
            self.listener = listener
        return self.listener.connection

    def close(self) -> None:
        if self.listener is not None:
            try:
                self.listener.close()
            except Exception:  # pragma: no cover - closing a broken connection
                pass
            self.listener = None


def _pause(deadline: float, running) -> None:
    while running() and time.monotonic() < deadline:
        time.sleep(min(PAUSE_STEP, max(deadline - time.monotonic(), 0)))


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
