"""A test-only handler for the worker subprocess tests (imported by the tests and by crash_worker.py).

Its database effect is an audit record. In a child process started with EGOV_TEST_CRASH_DIR set, it
writes ``started`` into that folder after the effect and then hangs, inside the delivery's
transaction, until the test kills the process.
"""

import os
import time
from pathlib import Path

from egov.audit import services as audit
from egov.events.registry import subscriber

TOPIC = "test.crash"
EFFECT = "test.crash_effect"
HANG_LIMIT_SECONDS = 120


@subscriber(TOPIC, name="tests.crash_effect")
def crash_effect(event):
    audit.record(actor=None, action=EFFECT, summary=str(event.id))
    flag_dir = os.environ.get("EGOV_TEST_CRASH_DIR")
    if flag_dir:
        Path(flag_dir, "started").write_text(str(os.getpid()))
        deadline = time.monotonic() + HANG_LIMIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
        raise RuntimeError("the test did not kill this worker")
