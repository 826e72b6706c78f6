"""Three real worker processes, killed (SIGKILL) and restarted at random: no event lost, none handled twice,
and each aggregate's events handled in order. PostgreSQL only (SQLite serialises writers anyway)."""

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from egov.events.models import Delivery, OutboxEvent
from events import outbox_kill_handlers as kill
from events.helpers import publish_now, subprocess_env, wait_for

WORKER = str(Path(__file__).with_name("outbox_kill_worker.py"))
SEED = 17
WORKERS = 3
KILLS = 6
AGGREGATES = 12
PER_AGGREGATE = 25
DEADLINE = 180  # seconds for each wait; the run takes well under a minute


def _seen() -> int:
    return OutboxEvent.objects.filter(topic=kill.SEEN).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_killed_at_random_lose_nothing_and_keep_each_aggregate_in_order(handlers, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: several workers claim concurrently with SKIP LOCKED")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    handlers.register(kill.record_in_order, kill.TOPIC, name=kill.HANDLER)
    rng = random.Random(SEED)
    env = subprocess_env(
        EGOV_TASKS_BACKEND="dummy", EGOV_OUTBOX_LEASE_SECONDS=2, EGOV_OUTBOX_BATCH_SIZE=7, EGOV_OUTBOX_BATCH_MS=200
    )
    generation = 0
    log = (tmp_path / "workers.log").open("w")

    def start(slot: int) -> subprocess.Popen:
        nonlocal generation
        generation += 1
        return subprocess.Popen(
            [
                sys.executable,
                WORKER,
                "--interval",
                "0.2",
                "--sweep-interval",
                "0.5",
                "--worker-id",
                f"k{slot}-{generation}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )

    plan = [(a, n) for n in range(PER_AGGREGATE) for a in range(AGGREGATES)]  # interleaved, as many dossiers
    total = len(plan)
    workers = [start(slot) for slot in range(WORKERS)]
    kills = 0
    try:
        for i, (aggregate, n) in enumerate(plan):
            publish_now(kill.TOPIC, aggregate=("tests.thing", str(aggregate)), payload={"n": n})
            if i % (total // KILLS) == total // KILLS - 1 and kills < KILLS:
                # Let the workers get going, then kill one at random mid-work and start a new one in its place.
                target = min(_seen() + rng.randint(1, 15), i + 1)
                assert wait_for(lambda t=target: _seen() >= t, timeout=DEADLINE), f"stuck at {_seen()}/{total}"
                slot = rng.randrange(WORKERS)
                workers[slot].send_signal(signal.SIGKILL)
                workers[slot].wait(timeout=30)
                workers[slot] = start(slot)
                kills += 1
        assert wait_for(lambda: _seen() >= total, timeout=DEADLINE), f"only {_seen()}/{total} handled"
        assert wait_for(
            lambda: not Delivery.objects.filter(handler=kill.HANDLER).exclude(status=Delivery.Status.DONE).exists(),
            timeout=DEADLINE,
        )
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        log.close()

    assert kills == KILLS, (tmp_path / "workers.log").read_text()[-3000:]
    seen = list(OutboxEvent.objects.filter(topic=kill.SEEN).order_by("created_at"))
    handled = [(int(e.aggregate_id), e.payload["n"]) for e in seen]
    assert sorted(handled) == sorted(plan)  # every event handled, none twice (effects commit with the mark)
    assert all(e.payload["in_order"] for e in seen)
    for aggregate in range(AGGREGATES):
        assert [n for a, n in handled if a == aggregate] == list(range(PER_AGGREGATE))
