"""Three ``egov worker`` processes on one PostgreSQL database (issue 16): every outbox event is delivered exactly
once and the periodic job runs once per interval, whichever worker gets there first."""

import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction

from egov.events.models import Delivery, WorkerHeartbeat
from egov.events.registry import registry
from egov.events.services import publish
from events import fleet
from events.helpers import subprocess_env, wait_for

EVENTS = 300
WORKERS = 3
TICKS = 4  # periodic runs to watch


@pytest.fixture
def fleet_tables(is_postgres):
    if not is_postgres:
        pytest.skip("three workers against one database: PostgreSQL only (DATABASE_URL=postgres://…)")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {fleet.DELIVERIES_TABLE} (event_id uuid PRIMARY KEY, pid integer NOT NULL,"
            " at timestamptz NOT NULL DEFAULT clock_timestamp())"
        )
        cursor.execute(f"CREATE TABLE {fleet.TICKS_TABLE} (claimed_at timestamptz NOT NULL, pid integer NOT NULL)")
    fleet.install_handler()  # here too, so that publishing creates the deliveries
    yield
    registry.unregister(fleet.HANDLER)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {fleet.DELIVERIES_TABLE}, {fleet.TICKS_TABLE}")


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_three_workers_deliver_every_event_once_and_run_the_periodic_job_once_per_interval(fleet_tables, tmp_path):
    logs = [(tmp_path / f"worker{n}.log").open("w+") for n in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [sys.executable, str(Path(fleet.__file__)), "--interval", "0.1", "--sweep-interval", "0.2"],
            env=subprocess_env(EGOV_OUTBOX_BATCH_SIZE=10),  # 30 claims or more: the workers compete for them
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for log in logs
    ]
    try:
        alive = wait_for(lambda: WorkerHeartbeat.objects.count() >= WORKERS or any(w.poll() for w in workers), 90)
        assert alive and all(w.poll() is None for w in workers), [p.read_text() for p in tmp_path.glob("*.log")]

        for _ in range(EVENTS // 10):  # 30 commits of 10 events: each commit queues a dispatch task
            with transaction.atomic():
                for n in range(10):
                    publish(fleet.TOPIC, payload={"n": n})

        def delivered() -> int:
            return _rows(f"SELECT count(*) FROM {fleet.DELIVERIES_TABLE}")[0][0]

        def ticks() -> int:
            return _rows(f"SELECT count(*) FROM {fleet.TICKS_TABLE}")[0][0]

        assert wait_for(lambda: delivered() >= EVENTS and ticks() >= TICKS, timeout=180), (delivered(), ticks())
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        for log in logs:
            log.close()
    assert all(worker.returncode == 0 for worker in workers), [p.read_text() for p in tmp_path.glob("*.log")]

    # Every event once: 300 rows (the primary key forbids a second), every delivery done at its first attempt.
    deliveries = Delivery.objects.filter(handler=fleet.HANDLER)
    assert deliveries.count() == EVENTS
    assert _rows(f"SELECT count(*), count(DISTINCT event_id) FROM {fleet.DELIVERIES_TABLE}") == [(EVENTS, EVENTS)]
    assert deliveries.filter(status=Delivery.Status.DONE, attempts=1, last_error="").count() == EVENTS
    recorded = {str(row[0]) for row in _rows(f"SELECT event_id FROM {fleet.DELIVERIES_TABLE}")}
    assert recorded == {str(pk) for pk in deliveries.values_list("event_id", flat=True)}
    pids = {row[0] for row in _rows(f"SELECT DISTINCT pid FROM {fleet.DELIVERIES_TABLE}")}
    assert pids <= {worker.pid for worker in workers} and len(pids) >= 2, pids  # the workers shared the work

    # The periodic job: never two runs within one interval, whichever of the workers claimed it.
    claims = [row[0] for row in _rows(f"SELECT claimed_at FROM {fleet.TICKS_TABLE} ORDER BY claimed_at")]
    gaps = [later - earlier for earlier, later in zip(claims, claims[1:], strict=False)]
    assert gaps and min(gaps) >= timedelta(seconds=fleet.JOB_SECONDS), gaps
