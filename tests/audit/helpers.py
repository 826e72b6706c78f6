"""Helpers for the audit tests: records are only ever written through the service."""

import threading

from django.db import connection, transaction

from egov.audit import services


def make_records(count: int, *, actor=None, action: str = "test.changed", target=None, agency=None, **kwargs):
    with transaction.atomic():
        return [
            services.record(actor=actor, action=action, target=target, agency=agency, summary=f"#{n}", **kwargs)
            for n in range(count)
        ]


def in_threads(*targets) -> list[Exception]:
    """Run every callable in its own thread, all starting together; return the exceptions they raised."""
    errors = []
    barrier = threading.Barrier(len(targets))

    def run(target):
        try:
            barrier.wait(timeout=10)
            target()
        except Exception as exc:  # reported to the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def write_records(count: int, summary: str = ""):
    """A writer: ``count`` records, one transaction each."""

    def write():
        for _ in range(count):
            with transaction.atomic():
                services.record(actor=None, action="test.concurrent", summary=summary)

    return write
