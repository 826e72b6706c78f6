"""Reconciliation with DVCQG for one day: dossiers whose national status differs from ours, the sync lag
(p50/p95 from the event to the "00" answer) and the failed attempts by cause."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from egov.dossiers.models import Dossier

from .client import NationalPortalClient, PortalError, get_client
from .models import NationalDossier, SyncAttempt, SyncMessage


@dataclass
class Mismatch:
    dossier: Dossier
    ma_ho_so: str
    ours: int
    national: int | None
    waiting: int  # messages of this dossier not accepted yet


@dataclass
class Report:
    day: date
    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    lag_p50: float | None = None
    lag_p95: float | None = None
    accepted: int = 0
    failures: dict = field(default_factory=dict)
    dead_letters: int = 0
    errors: list[str] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (``p`` in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def reconcile(day: date, client: NationalPortalClient | None = None) -> Report:
    client = client or get_client()
    start, end = day_bounds(day)
    report = Report(day=day)
    messages = SyncMessage.objects.filter(event_at__gte=start, event_at__lt=end)
    lags = [m.lag_seconds for m in messages.filter(state=SyncMessage.State.ACCEPTED).only("event_at", "accepted_at")]
    report.accepted = len(lags)
    report.lag_p50, report.lag_p95 = percentile(lags, 50), percentile(lags, 95)
    failed = SyncAttempt.objects.filter(at__gte=start, at__lt=end, ok=False)
    report.failures = dict(Counter(failed.values_list("cause", flat=True)).most_common())
    report.dead_letters = SyncMessage.objects.filter(state=SyncMessage.State.FAILED).count()
    dossier_ids = set(messages.values_list("dossier_id", flat=True))
    nationals = {n.dossier_id: n for n in NationalDossier.objects.filter(dossier_id__in=dossier_ids)}
    for dossier in Dossier.objects.filter(pk__in=dossier_ids).select_related("procedure").order_by("pk"):
        national = nationals.get(dossier.pk)
        ma = national.ma_ho_so if national else dossier.code
        if not ma:
            continue
        report.checked += 1
        try:
            theirs = client.dossier_status(ma)
        except PortalError as exc:
            report.errors.append(f"{ma}: {exc}")
            continue
        if theirs != dossier.national_status:
            waiting = SyncMessage.objects.filter(dossier=dossier).exclude(state=SyncMessage.State.ACCEPTED).count()
            report.mismatches.append(Mismatch(dossier, ma, dossier.national_status, theirs, waiting))
    return report
