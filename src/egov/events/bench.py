"""Benchmarks of the outbox: ``egov bench outbox``, ``outbox-2workers`` and ``outbox-burst``.

``outbox`` publishes and delivers in this process. The other two start real ``egov worker`` processes
(``python -m egov.events.benchworker``, which registers the no-op handler first), insert a backlog of events in
one transaction once the workers listen, and time how long the workers take to deliver all of it.
"""

import os
import signal
import subprocess
import sys
import time

from django.db import connection, transaction

from egov.core.benchmarking import BenchContext, Measurement, scenario

from .dispatcher import deliver_due
from .models import Delivery, OutboxEvent, WorkerHeartbeat
from .registry import registry
from .services import aggregate_key, publish

HANDLER = "bench.noop"
TOPIC = "bench.outbox"
READY_TIMEOUT = 60
DRAIN_POLL = 0.05


def _noop(event):
    return None


@scenario("outbox", unit="events/s", baseline="bare event insert")
def outbox(ctx: BenchContext) -> Measurement:
    """Publish (one transaction each) and deliver to one no-op handler, against a bare insert per event."""
    n = ctx.n(1000)
    registry.register(_noop, TOPIC, name=HANDLER)

    def publish_and_deliver():
        for i in range(n):
            with transaction.atomic():
                publish(TOPIC, payload={"i": i})
        deliver_due()

    def bare():
        for i in range(n):
            with transaction.atomic():
                OutboxEvent.objects.create(topic="bench.bare", payload={"i": i})

    try:
        return Measurement(measured=n / ctx.timed(publish_and_deliver), baseline=n / ctx.timed(bare))
    finally:
        registry.unregister(HANDLER)


@scenario("outbox-2workers", unit="events/s", baseline="one worker")
def outbox_two_workers(ctx: BenchContext) -> Measurement:
    """A backlog delivered by two worker processes, against one worker process (same backlog size)."""
    n = ctx.n(20000)
    one, one_note = drain(n, workers=1)
    two, two_note = drain(n, workers=2)
    return Measurement(measured=two, baseline=one, note=f"{n} events; 1 worker: {one_note}; 2 workers: {two_note}")


@scenario("outbox-burst", unit="events/s", baseline="small backlog, same workers")
def outbox_burst(ctx: BenchContext) -> Measurement:
    """A burst of 100,000 events (1,000 aggregates, each in order) drained by two worker processes."""
    n = ctx.n(100_000)
    small, small_note = drain(max(n // 50, 1), workers=2, aggregates=max(n // 100, 1))
    burst, burst_note = drain(n, workers=2, aggregates=max(n // 100, 1))
    return Measurement(measured=burst, baseline=small, note=f"burst: {burst_note}; small: {small_note}")


def drain(n: int, *, workers: int, aggregates: int = 0) -> tuple[float, str]:
    """Start ``workers`` worker processes, commit ``n`` events at once, wait until all are delivered.

    Returns events/s (from the commit to the last delivery) and a note.
    """
    Delivery.objects.all().delete()
    OutboxEvent.objects.all().delete()
    WorkerHeartbeat.objects.all().delete()
    registry.register(_noop, TOPIC, name=HANDLER)
    procs = [_start_worker(i) for i in range(workers)]
    try:
        _wait_ready(procs)
        inserted = time.perf_counter()
        _insert_backlog(n, aggregates)
        committed = time.perf_counter()
        while Delivery.objects.filter(status=Delivery.Status.PENDING).exists():
            if any(p.poll() is not None for p in procs):
                raise RuntimeError("a bench worker exited")
            time.sleep(DRAIN_POLL)
        seconds = time.perf_counter() - committed
    finally:
        _stop(procs)
        registry.unregister(HANDLER)
    assert Delivery.objects.filter(status=Delivery.Status.DONE).count() == n
    return n / seconds, f"inserted in {committed - inserted:.1f} s, drained in {seconds:.1f} s"


def _insert_backlog(n: int, aggregates: int) -> None:
    """``n`` events and their deliveries in one transaction (what many publishers would leave at once)."""
    with transaction.atomic():
        for start in range(0, n, 5000):
            events = OutboxEvent.objects.bulk_create(
                OutboxEvent(
                    topic=TOPIC,
                    aggregate_type="bench.item" if aggregates else "",
                    aggregate_id=str(i % aggregates) if aggregates else "",
                    payload={"i": i},
                )
                for i in range(start, min(start + 5000, n))
            )
            Delivery.objects.bulk_create(
                Delivery(
                    event=event,
                    handler=HANDLER,
                    aggregate_key=aggregate_key(event.aggregate_type, event.aggregate_id),
                    next_attempt_at=event.created_at,
                )
                for event in events
            )


def _start_worker(i: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "egov.events.benchworker", "--worker-id", f"bench-{i}", "--interval", "1"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "egov.settings"},
        stdout=subprocess.DEVNULL,
    )


def _wait_ready(procs) -> None:
    """Every worker went round its loop once and (PostgreSQL) listens for notifications."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("a bench worker exited")
        if WorkerHeartbeat.objects.count() >= len(procs) and _listening() >= len(procs):
            return
        time.sleep(DRAIN_POLL)
    raise TimeoutError("the bench workers did not start")


def _listening() -> int:
    if connection.vendor != "postgresql":
        return sys.maxsize
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = %s",
            ["LISTEN egov_outbox"],
        )
        return cursor.fetchone()[0]


def _stop(procs) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
