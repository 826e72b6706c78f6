"""The handler of test_outbox_kill_restart.py (imported by the test and by outbox_kill_worker.py).

For each event ``(aggregate, n)`` it publishes a ``test.kill.seen`` event in the delivery's transaction: its
database effect, committed with the "done" mark (so it exists once per delivered event), and a record of
whether event ``n - 1`` of the same aggregate had been handled before (per-aggregate order).
"""

import os

from egov.events.models import OutboxEvent
from egov.events.registry import subscriber
from egov.events.services import publish

TOPIC = "test.kill"
SEEN = "test.kill.seen"
HANDLER = "tests.kill_order"


@subscriber(TOPIC, name=HANDLER)
def record_in_order(event):
    n = event.payload["n"]
    earlier = OutboxEvent.objects.filter(topic=SEEN, aggregate_id=event.aggregate_id, payload__n=n - 1)
    publish(
        SEEN,
        aggregate=(event.aggregate_type, event.aggregate_id),
        payload={"n": n, "in_order": n == 0 or earlier.exists(), "pid": os.getpid()},
    )
