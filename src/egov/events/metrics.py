"""The outbox, the task queue and the workers as Prometheus gauges (read on each scrape of ``/metrics``)."""

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from egov.core.metrics import GAUGES


@GAUGES.register("events")
def outbox_and_tasks():
    from django_tasks_db.models import DBTaskResult

    from .models import Delivery, WorkerHeartbeat

    now = timezone.now()
    deliveries = GaugeMetricFamily(
        "egov_outbox_deliveries", "Outbox deliveries not done, by status (pending = backlog).", labels=["status"]
    )
    counts = dict(
        Delivery.objects.exclude(status=Delivery.Status.DONE).values_list("status").annotate(n=Count("pk")).order_by()
    )
    for status in (Delivery.Status.PENDING, Delivery.Status.FAILED):
        deliveries.add_metric([status], counts.get(status, 0))
    yield deliveries
    oldest = Delivery.objects.filter(status=Delivery.Status.PENDING).aggregate(at=Min("event__created_at"))["at"]
    yield GaugeMetricFamily(
        "egov_outbox_oldest_pending_age_seconds",
        "Age of the oldest event with a pending delivery (0 when none).",
        value=(now - oldest).total_seconds() if oldest else 0,
    )
    tasks = GaugeMetricFamily("egov_tasks", "Background tasks in the database queue, by status.", labels=["status"])
    counts = dict(
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).values_list("status").annotate(n=Count("pk"))
        .order_by()
    )  # fmt: skip
    for status in ("READY", "RUNNING"):
        tasks.add_metric([status.lower()], counts.get(status, 0))
    yield tasks
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if last is not None:
        yield GaugeMetricFamily(
            "egov_worker_heartbeat_age_seconds",
            "Age of the freshest egov worker heartbeat.",
            value=(now - last).total_seconds(),
        )
