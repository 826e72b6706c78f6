"""The public statistics page's figures: per handling agency for one month, and month by month for the year.

Reuses the one-stop counting (``egov.dossiers.stats.aggregate``: one grouped query) and adds the online
share and the satisfaction from the portal's ratings. A handful of queries whatever the data size; the
result is cached (``PUBLIC_STATS_CACHE_SECONDS``) because the page is public and the same for everyone.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from egov.agencies.models import Agency
from egov.dossiers.models import ONLINE_CHANNELS, Dossier, Outcome
from egov.dossiers.stats import aggregate

from .models import Rating

CACHE_SECONDS = 600


@dataclass
class Line:
    label: str
    received: int = 0
    online: int = 0
    finished: int = 0
    on_time: int = 0
    ratings: int = 0
    satisfaction: float | None = None  # mean score 1–5

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.finished if self.finished else None


def _month_start(year: int, month: int) -> datetime:
    return timezone.make_aware(datetime(year, month, 1))


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def by_agency(year: int, month: int, *, now=None) -> list[Line]:
    """One line per handling agency for the month (3 queries)."""
    start, end = _month_start(year, month), _month_start(*_next_month(year, month))
    as_of = min(end, now or timezone.now())
    grouped = aggregate(Dossier.objects.all(), "handling_agency", start, end, as_of)
    ratings = {
        r["dossier__handling_agency"]: r
        for r in Rating.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("dossier__handling_agency")
        .annotate(n=Count("pk"), mean=Avg("score"))
    }
    ids = {g["handling_agency"] for g in grouped} | set(ratings)
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
    counts = {g["handling_agency"]: g for g in grouped}
    lines = [_line(names.get(pk, "—"), counts.get(pk, {}), ratings.get(pk)) for pk in ids if pk is not None]
    return sorted(lines, key=lambda line: (-line.received, line.label))


def _line(label, counts: dict, rating) -> Line:
    received = sum(counts.get(k, 0) for k in ("received_desk", "received_online", "received_post"))
    on_time = counts.get("finished_early", 0) + counts.get("finished_on_time", 0)
    return Line(
        label=label,
        received=received,
        online=counts.get("received_online", 0),
        finished=on_time + counts.get("finished_late", 0),
        on_time=on_time,
        ratings=rating["n"] if rating else 0,
        satisfaction=rating["mean"] if rating else None,
    )


def by_month(year: int) -> list[Line]:
    """Twelve lines, January to December (3 queries)."""
    start, end = _month_start(year, 1), _month_start(year + 1, 1)
    received = _per_month(
        Dossier.objects.filter(received_at__gte=start, received_at__lt=end),
        "received_at",
        total=Count("pk"),
        online=Count("pk", filter=Q(channel__in=ONLINE_CHANNELS)),
    )
    finished = _per_month(
        Dossier.objects.filter(result_at__gte=start, result_at__lt=end),
        "result_at",
        total=Count("pk"),
        on_time=Count("pk", filter=Q(outcome__in=[Outcome.EARLY, Outcome.ON_TIME])),
    )
    rated = _per_month(
        Rating.objects.filter(created_at__gte=start, created_at__lt=end), "created_at", n=Count("pk"), mean=Avg("score")
    )
    lines = []
    for month in range(1, 13):
        r, f, s = received.get(month, {}), finished.get(month, {}), rated.get(month, {})
        lines.append(
            Line(
                label=f"{month:02d}/{year}",
                received=r.get("total", 0),
                online=r.get("online", 0),
                finished=f.get("total", 0),
                on_time=f.get("on_time", 0),
                ratings=s.get("n", 0),
                satisfaction=s.get("mean"),
            )
        )
    return lines


def _per_month(queryset, field: str, **annotations) -> dict[int, dict]:
    rows = queryset.annotate(m=TruncMonth(field)).values("m").annotate(**annotations).order_by("m")
    return {_month_of(row["m"]): row for row in rows}


def _month_of(value) -> int:
    if isinstance(value, datetime):
        return timezone.localtime(value).month if timezone.is_aware(value) else value.month
    return value.month if isinstance(value, date) else int(str(value)[5:7])


def public_stats(year: int, month: int) -> dict:
    """Everything the page shows, cached."""
    key = f"portal-public-stats:{year}-{month:02d}"
    data = cache.get(key)
    if data is None:
        agencies = by_agency(year, month)
        months = by_month(year)
        total = Line(label="")
        for line in agencies:
            for attr in ("received", "online", "finished", "on_time"):
                setattr(total, attr, getattr(total, attr) + getattr(line, attr))
        rated = [line for line in agencies if line.ratings]
        total.ratings = sum(line.ratings for line in rated)
        if total.ratings:
            total.satisfaction = sum(line.satisfaction * line.ratings for line in rated) / total.ratings
        data = {"agencies": agencies, "months": months, "total": total}
        cache.set(key, data, CACHE_SECONDS)
    return data
