"""The national portal sync as Prometheus gauges: messages waiting and how far behind the sync is."""

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from egov.core.metrics import GAUGES


@GAUGES.register("dvcqg")
def sync_lag():
    from .models import SyncMessage

    counts = dict(
        SyncMessage.objects.exclude(state=SyncMessage.State.ACCEPTED).values_list("state").annotate(n=Count("pk"))
        .order_by()
    )  # fmt: skip
    messages = GaugeMetricFamily(
        "egov_dvcqg_sync_messages", "DVCQG sync messages not accepted yet, by state.", labels=["state"]
    )
    for state in (SyncMessage.State.PENDING, SyncMessage.State.FAILED):
        messages.add_metric([state], counts.get(state, 0))
    yield messages
    oldest = SyncMessage.objects.exclude(state=SyncMessage.State.ACCEPTED).aggregate(at=Min("event_at"))["at"]
    yield GaugeMetricFamily(
        "egov_dvcqg_sync_lag_seconds",
        "How far behind the DVCQG sync is: age of the oldest event not accepted by the portal yet (0: up to date).",
        value=(timezone.now() - oldest).total_seconds() if oldest else 0,
    )
    last = SyncMessage.objects.filter(accepted_at__isnull=False).order_by("-accepted_at").first()
    if last is not None:
        yield GaugeMetricFamily(
            "egov_dvcqg_last_accepted_lag_seconds",
            "Seconds from the event to the portal's acceptance, for the last accepted message.",
            value=last.lag_seconds,
        )
