"""Benchmarks of the audit log: ``audit-append``, ``audit-append-8`` and ``audit-verify`` (``egov bench``)."""

import threading

from django.db import connection, transaction
from django.utils import timezone

from egov.core.benchmarking import BenchContext, Measurement, scenario

from .bulk import import_records
from .models import AuditRecord
from .seal import seal_pending
from .services import record
from .verify import verify_chain

VERIFY_GOAL_SECONDS_PER_MILLION = 60.0


def _appends(n: int, tag: str = "") -> None:
    for i in range(n):
        with transaction.atomic():
            record(actor=None, action="bench.append", before={"i": i}, after={"i": i + 1}, summary=tag)


@scenario("audit-append", unit="records/s", baseline="bare ORM insert")
def audit_append(ctx: BenchContext) -> Measurement:
    """One audit record per transaction (content hash, no lock), against a bare insert of the same row.

    Measured in 10 interleaved rounds (append, bare, append, bare …) so that a load swing on a shared machine,
    or the warm-up of a fresh table, weighs on both alike."""
    n = ctx.n(2000)
    rounds = min(10, n)
    per_round = max(1, n // rounds)

    def bare():
        for i in range(per_round):
            with transaction.atomic():
                AuditRecord(at=timezone.now(), action="bench.bare", before={"i": i}, after={"i": i + 1}, hash="").save(
                    force_insert=True
                )

    appended = bare_seconds = 0.0
    for _ in range(rounds):
        appended += ctx.timed(lambda: _appends(per_round))
        bare_seconds += ctx.timed(bare)
    # The bare rows have no hash: out of the log again before any seal covers them.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE action = 'bench.bare'")
    seal_pending()
    done = rounds * per_round
    return Measurement(measured=done / appended, baseline=done / bare_seconds, note="10 interleaved rounds")


@scenario("audit-append-8", unit="records/s", baseline="1 writer")
def audit_append_8(ctx: BenchContext) -> Measurement:
    """8 threads appending at once (one record per transaction each), against 1 writer: no collapse."""
    n = ctx.n(2000)
    writers = 8
    errors = []

    def many():
        barrier = threading.Barrier(writers)

        def write(k):
            try:
                barrier.wait(timeout=30)
                _appends(n // writers, tag=str(k))
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    single = n / ctx.timed(lambda: _appends(n))
    measured = (n // writers * writers) / ctx.timed(many)
    if errors:
        raise errors[0]
    seal_pending()
    return Measurement(measured=measured, baseline=single, note=f"{writers} threads")


@scenario("audit-verify", unit="s", baseline="goal: 60 s per 1,000,000", higher_is_better=False)
def audit_verify(ctx: BenchContext) -> Measurement:
    """``egov audit verify`` over 1,000,000 records (seeded by the bulk import, then sealed)."""
    n = ctx.n(1_000_000)
    now = timezone.now()
    rows = (
        {
            "at": now,
            "action": "bench.imported",
            "object_type": "dossiers.dossier",
            "object_id": str(i),
            "object_display": f"Hồ sơ {i}",
            "before": {"status": "received"},
            "after": {"status": "processing", "i": i},
            "summary": "",
        }
        for i in range(n)
    )
    import_records(rows, batch=50_000)
    seal_pending()
    holder = {}
    seconds = ctx.timed(lambda: holder.setdefault("result", verify_chain(chunk_size=10_000)))
    result = holder["result"]
    if not result.ok or result.sealed < n:
        raise RuntimeError(f"verify failed on the seeded log: {result}")
    return Measurement(measured=seconds, baseline=VERIFY_GOAL_SECONDS_PER_MILLION * n / 1_000_000)
