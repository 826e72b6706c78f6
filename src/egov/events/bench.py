"""Benchmark: publishing and delivering outbox events (``egov bench outbox``)."""

from django.db import transaction

from egov.core.benchmarking import BenchContext, Measurement, scenario

from .dispatcher import deliver_due
from .models import OutboxEvent
from .registry import registry
from .services import publish

HANDLER = "bench.noop"


@scenario("outbox", unit="events/s", baseline="bare event insert")
def outbox(ctx: BenchContext) -> Measurement:
    """Publish (one transaction each) and deliver to one no-op handler, against a bare insert per event."""
    n = ctx.n(1000)
    registry.register(lambda event: None, "bench.outbox", name=HANDLER)

    def publish_and_deliver():
        for i in range(n):
            with transaction.atomic():
                publish("bench.outbox", payload={"i": i})
        deliver_due()

    def bare():
        for i in range(n):
            with transaction.atomic():
                OutboxEvent.objects.create(topic="bench.bare", payload={"i": i})

    try:
        return Measurement(measured=n / ctx.timed(publish_and_deliver), baseline=n / ctx.timed(bare))
    finally:
        registry.unregister(HANDLER)
