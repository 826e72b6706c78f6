"""Benchmark: appending to the audit log (``egov bench audit-append``)."""

from django.db import transaction
from django.utils import timezone

from egov.core.benchmarking import BenchContext, Measurement, scenario

from .models import AuditRecord
from .services import record


@scenario("audit-append", unit="records/s", baseline="bare ORM insert")
def audit_append(ctx: BenchContext) -> Measurement:
    """One audit record per transaction (chain head lock + hash), against a bare insert of the same row."""
    n = ctx.n(2000)

    def appends():
        for i in range(n):
            with transaction.atomic():
                record(actor=None, action="bench.append", before={"i": i}, after={"i": i + 1})

    def bare():
        # Negative seq: outside the chain, which starts at 1, so ``egov audit verify`` ignores them.
        start = -(AuditRecord.objects.filter(seq__lt=0).count() + 1)
        for i in range(n):
            with transaction.atomic():
                AuditRecord(
                    seq=start - i, at=timezone.now(), action="bench.bare", before={"i": i}, after={"i": i + 1}, hash=""
                ).save(force_insert=True)

    return Measurement(measured=n / ctx.timed(appends), baseline=n / ctx.timed(bare))
