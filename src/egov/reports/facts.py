"""The daily facts table: additive figures per (local day, agency, metric), computed from the raw tables.

One function, ``raw_facts``, computes facts from dossiers, ratings and documents with a few grouped
queries. The rebuild runs it over a date range; the event handlers run it over the few (agency, day)
buckets an event touches and replace those buckets. So the table always equals what ``raw_facts``
gives, and handling the same event twice writes the same rows (idempotent).

Dossier facts belong to the handling agency; document facts to the document's agency.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DailyFact

DOSSIERS, DOCUMENTS = "dossiers", "documents"

# metric -> (family, description)
METRICS = {
    "d.recv.desk": (DOSSIERS, _("Hồ sơ tiếp nhận trực tiếp (ngày tiếp nhận)")),
    "d.recv.online": (DOSSIERS, _("Hồ sơ tiếp nhận trực tuyến (ngày tiếp nhận)")),
    "d.recv.post": (DOSSIERS, _("Hồ sơ tiếp nhận qua bưu chính (ngày tiếp nhận)")),
    "d.recv.full_proc": (DOSSIERS, _("Hồ sơ tiếp nhận của thủ tục trực tuyến toàn trình")),
    "d.recv.full_online": (DOSSIERS, _("Hồ sơ trực tuyến của thủ tục trực tuyến toàn trình")),
    "d.recv.fee": (DOSSIERS, _("Hồ sơ tiếp nhận có phí, lệ phí")),
    "d.recv.paid_online": (DOSSIERS, _("Hồ sơ có phí, lệ phí đã thanh toán trực tuyến")),
    "d.recv.digitised": (DOSSIERS, _("Hồ sơ tiếp nhận có giấy tờ số hóa")),
    "d.fin.early": (DOSSIERS, _("Hồ sơ có kết quả sớm hạn (ngày có kết quả)")),
    "d.fin.on_time": (DOSSIERS, _("Hồ sơ có kết quả đúng hạn")),
    "d.fin.late": (DOSSIERS, _("Hồ sơ có kết quả trễ hạn")),
    "d.fin.e_result": (DOSSIERS, _("Hồ sơ có kết quả điện tử")),
    "d.returned": (DOSSIERS, _("Hồ sơ đã trả kết quả (ngày trả)")),
    "d.rated": (DOSSIERS, _("Lượt đánh giá (ngày đánh giá)")),
    "d.satisfied": (DOSSIERS, _("Lượt đánh giá hài lòng (4–5)")),
    "doc.in": (DOCUMENTS, _("Văn bản đến vào sổ (ngày đến)")),
    "doc.in.electronic": (DOCUMENTS, _("Văn bản đến điện tử")),
    "doc.in.done": (DOCUMENTS, _("Văn bản đến xử lý xong (ngày xong)")),
    "doc.in.done_on_time": (DOCUMENTS, _("Văn bản đến xử lý xong đúng hạn")),
    "doc.out": (DOCUMENTS, _("Văn bản đi ban hành (ngày ban hành)")),
    "doc.out.electronic": (DOCUMENTS, _("Văn bản đi chỉ gửi điện tử")),
    "doc.out.signed": (DOCUMENTS, _("Văn bản đi ký trên hệ thống")),
}
FAMILIES = (DOSSIERS, DOCUMENTS)

Key = tuple[date, int, str]


def local_tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()), local_tz())


def local_day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment, local_tz()).date() if moment else None


class LocalDate(TruncDate):
    """The local date of a datetime column. On SQLite, when the time zone has a fixed offset (Vietnam:
    UTC+7, no daylight saving), SQLite's own ``date(col, '+420 minutes')`` instead of Django's Python
    function: several times faster over a million rows."""

    def as_sqlite(self, compiler, connection, **extra_context):
        offset = fixed_offset_minutes()
        if offset is None:
            return super().as_sql(compiler, connection, **extra_context)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, '{offset:+d} minutes')", params


def fixed_offset_minutes() -> int | None:
    zone = local_tz()
    offsets = {datetime(2000 + y, m, 1, tzinfo=zone).utcoffset() for y in range(0, 40, 7) for m in (1, 4, 7, 10)}
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds() // 60)


# --- raw computation --------------------------------------------------------------------------------------


def _window(field: str, start: date | None, end: date | None) -> Q:
    q = Q(**{f"{field}__isnull": False})
    if start is not None:
        q &= Q(**{f"{field}__gte": day_start(start)})
    if end is not None:
        q &= Q(**{f"{field}__lt": day_start(end + timedelta(days=1))})
    return q


@dataclass(frozen=True)
class Source:
    """One GROUP BY over a raw table: rows dated by ``date_field`` and owned by ``agency_field``."""

    family: str
    model: str  # "app_label.Model"
    date_field: str
    agency_field: str
    metrics: dict  # metric -> Q over the model

    def queryset(self):
        return apps.get_model(self.model).objects.all()


def _sources() -> list[Source]:
    from egov.documents.models import Channel as DocChannel
    from egov.documents.models import Dispatch
    from egov.dossiers.models import ONLINE_CHANNELS, Channel, DossierPaper, DossierResult, Outcome
    from egov.payments.models import PaymentStatus, PaymentTransaction
    from egov.procedures.models import Procedure

    full = Q(procedure__online_level=Procedure.OnlineLevel.FULL)
    fee = Q(fee_total__gt=0)
    paid_online = Exists(PaymentTransaction.objects.filter(dossier=OuterRef("pk"), status=PaymentStatus.PAID))
    digitised = Exists(DossierPaper.objects.filter(dossier=OuterRef("pk"), attachment__isnull=False))
    e_result = Exists(DossierResult.objects.filter(dossier=OuterRef("pk"), attachment__isnull=False))
    finished = Q(outcome__in=[Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE])
    dispatched = Exists(Dispatch.objects.filter(document=OuterRef("pk")))
    on_paper = Exists(Dispatch.objects.filter(document=OuterRef("pk"), method=Dispatch.Method.PAPER))
    dossier, incoming, outgoing = "dossiers.Dossier", "documents.IncomingDocument", "documents.OutgoingDocument"
    return [
        Source(
            DOSSIERS,
            dossier,
            "received_at",
            "handling_agency",
            {
                "d.recv.desk": Q(channel=Channel.DESK),
                "d.recv.online": Q(channel__in=ONLINE_CHANNELS),
                "d.recv.post": Q(channel=Channel.POST),
                "d.recv.full_proc": full,
                "d.recv.full_online": full & Q(channel__in=ONLINE_CHANNELS),
                "d.recv.fee": fee,
                "d.recv.paid_online": fee & Q(paid_online),
                "d.recv.digitised": Q(digitised),
            },
        ),
        Source(
            DOSSIERS,
            dossier,
            "result_at",
            "handling_agency",
            {
                "d.fin.early": Q(outcome=Outcome.EARLY),
                "d.fin.on_time": Q(outcome=Outcome.ON_TIME),
                "d.fin.late": Q(outcome=Outcome.LATE),
                "d.fin.e_result": finished & Q(e_result),
            },
        ),
        Source(DOSSIERS, dossier, "returned_at", "handling_agency", {"d.returned": Q()}),
        Source(
            DOSSIERS,
            dossier,
            "rating__created_at",
            "handling_agency",
            {"d.rated": Q(), "d.satisfied": Q(rating__score__gte=4)},
        ),
        Source(
            DOCUMENTS,
            incoming,
            "arrival_date",
            "agency",
            {"doc.in": Q(), "doc.in.electronic": Q(channel=DocChannel.ELECTRONIC)},
        ),
        Source(
            DOCUMENTS, incoming, "done_at", "agency", {"doc.in.done": Q(), "doc.in.done_on_time": Q(done_late=False)}
        ),
        Source(
            DOCUMENTS,
            outgoing,
            "issued_at",
            "agency",
            {
                "doc.out": Q(),
                "doc.out.electronic": Q(dispatched) & ~Q(on_paper),
                "doc.out.signed": Q(signer__isnull=False),
            },
        ),
    ]


def source_of(metric: str) -> Source | None:
    return next((source for source in _sources() if metric in source.metrics), None)


def _grouped(source: Source, start, end, agency_ids) -> Iterable[tuple]:
    """``(day, agency, metric, value)`` of one source: one GROUP BY query."""
    queryset = source.queryset().filter(_window(source.date_field, start, end))
    if agency_ids is not None:
        queryset = queryset.filter(**{f"{source.agency_field}__in": agency_ids})
    counts = {name.replace(".", "__"): Count("pk", filter=cond) for name, cond in source.metrics.items()}
    rows = (
        queryset.annotate(fact_day=LocalDate(source.date_field, tzinfo=local_tz()), fact_agency=F(source.agency_field))
        .values("fact_day", "fact_agency")
        .annotate(**counts)
        .order_by()
    )
    for row in rows:
        for name in source.metrics:
            value = row[name.replace(".", "__")]
            if value:
                yield row["fact_day"], row["fact_agency"], name, value


def raw_facts(
    start: date | None = None, end: date | None = None, *, agency_ids=None, families=FAMILIES
) -> dict[Key, int]:
    """``{(day, agency id, metric): value}`` computed from the raw tables (zeros left out)."""
    out: dict[Key, int] = defaultdict(int)
    for source in _sources():
        if source.family in families:
            for day, agency, metric, value in _grouped(source, start, end, agency_ids):
                out[(day, agency, metric)] += value
    return dict(out)


def stored_facts(start: date | None = None, end: date | None = None) -> dict[Key, int]:
    """The facts table as the same kind of dict (for tests and checks)."""
    queryset = DailyFact.objects.exclude(value=0)
    if start:
        queryset = queryset.filter(day__gte=start)
    if end:
        queryset = queryset.filter(day__lte=end)
    return {(d, a, m): v for d, a, m, v in queryset.values_list("day", "agency_id", "metric", "value")}


# --- writing ----------------------------------------------------------------------------------------------

BATCH = 5000


def _write(facts: dict[Key, int]) -> int:
    rows = [DailyFact(day=d, agency_id=a, metric=m, value=v) for (d, a, m), v in facts.items()]
    DailyFact.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def rebuild(start: date | None = None, end: date | None = None) -> int:
    """Replace the facts of the days ``start``..``end`` (all days when not given) by ``raw_facts``."""
    facts = raw_facts(start, end)
    with transaction.atomic():
        existing = DailyFact.objects.all()
        if start:
            existing = existing.filter(day__gte=start)
        if end:
            existing = existing.filter(day__lte=end)
        existing.delete()
        return _write(facts)


def refresh(family: str, agency_id: int, days: Iterable[date]) -> None:
    """Recompute one family's facts of one agency on a few days (what an event may have changed)."""
    metrics = [m for m, (fam, _label) in METRICS.items() if fam == family]
    for day in sorted(set(d for d in days if d)):
        facts = raw_facts(day, day, agency_ids=[agency_id], families=(family,))
        DailyFact.objects.filter(day=day, agency_id=agency_id, metric__in=metrics).delete()
        _write(facts)


# --- reading ---------------------------------------------------------------------------------------------

# Snapshot metrics: dossiers in progress at the end of the period (or now). Not daily sums, so they are
# counted from the dossier table (through its status index when the period runs to now), but they add
# up over agencies like facts, so indicators and roll-ups treat them the same way.
SNAPSHOT_METRICS = {
    "s.in_progress_on_time": _("Hồ sơ đang giải quyết trong hạn (cuối kỳ)"),
    "s.overdue": _("Hồ sơ đang giải quyết quá hạn (cuối kỳ)"),
}


def _split(metrics: Iterable[str]) -> tuple[list[str], bool]:
    metrics = list(metrics)
    return [m for m in metrics if m not in SNAPSHOT_METRICS], any(m in SNAPSHOT_METRICS for m in metrics)


def _facts(ids, period, metrics):
    queryset = DailyFact.objects.filter(day__gte=period.start, day__lte=period.end, metric__in=list(metrics))
    if ids is not None:
        queryset = queryset.filter(agency_id__in=ids)
    return queryset


def totals(ids: list[int] | None, period, metrics: Iterable[str]) -> dict[str, int]:
    """``{metric: sum}`` over the agencies ``ids`` (None = all) and the days of ``period``."""
    daily, snapshot = _split(metrics)
    out = {}
    if daily:
        rows = _facts(ids, period, daily).values("metric").annotate(total=Sum("value")).order_by()
        out = {row["metric"]: row["total"] for row in rows}
    if snapshot:
        for per_agency in snapshot_by_agency(ids, period).values():
            for metric, value in per_agency.items():
                out[metric] = out.get(metric, 0) + value
    return out


def totals_by_agency(ids, period, metrics) -> dict[int, dict[str, int]]:
    """``{agency id: {metric: sum}}`` (own figures only; roll-up is the caller's)."""
    daily, snapshot = _split(metrics)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    if daily:
        rows = _facts(ids, period, daily).values("agency_id", "metric").annotate(total=Sum("value")).order_by()
        for row in rows:
            out[row["agency_id"]][row["metric"]] = row["total"]
    if snapshot:
        for agency, values in snapshot_by_agency(ids, period).items():
            out[agency].update(values)
    return out


def totals_by_month(ids, period, metrics) -> dict[date, dict[str, int]]:
    """``{first day of month: {metric: sum}}``: grouped by day in SQL (no date function), summed per month
    here; snapshot metrics cost one query per month."""
    daily, snapshot = _split(metrics)
    out: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if daily:
        rows = _facts(ids, period, daily).values("day", "metric").annotate(total=Sum("value")).order_by()
        for row in rows:
            out[row["day"].replace(day=1)][row["metric"]] += row["total"]
    if snapshot:
        for month in period.months():
            if month.start <= timezone.localdate():
                out[month.start.replace(day=1)].update(totals(ids, month, list(SNAPSHOT_METRICS)))
    return {month: dict(values) for month, values in out.items()}


def snapshot_by_agency(ids: list[int] | None, period, *, now: datetime | None = None) -> dict[int, dict[str, int]]:
    """Dossiers in progress at the end of ``period`` (or now, if earlier), on time or overdue, per agency.

    While the period runs, "in progress" is the dossier's status (counted through the status index);
    for a past period it is read from the timestamps, as on the dossier statistics page
    (``egov.dossiers.stats.conditions``)."""
    from egov.dossiers.models import Dossier
    from egov.dossiers.stats import conditions
    from egov.dossiers.transitions import IN_PROGRESS

    now = now or timezone.now()
    period_end = day_start(period.end + timedelta(days=1))
    if period_end > now:
        as_of, queryset = now, Dossier.objects.filter(status__in=IN_PROGRESS)
    else:
        as_of = period_end
        in_progress = conditions(day_start(period.start), period_end, as_of)
        queryset = Dossier.objects.filter(in_progress["in_progress_on_time"] | in_progress["in_progress_overdue"])
    if ids is None:  # naming every agency lets the database seek (agency, status) in the status index
        from egov.agencies.models import Agency

        ids = list(Agency.objects.values_list("pk", flat=True))
    queryset = queryset.filter(handling_agency__in=ids)
    rows = (
        queryset.values("handling_agency")
        .annotate(
            on_time=Count("pk", filter=Q(due_at__gte=as_of) | Q(due_at__isnull=True)),
            late=Count("pk", filter=Q(due_at__lt=as_of)),
        )
        .order_by()
    )
    return {row["handling_agency"]: {"s.in_progress_on_time": row["on_time"], "s.overdue": row["late"]} for row in rows}


def overdue_in_progress(ids: list[int] | None, period, *, now: datetime | None = None) -> int:
    """Dossiers not finished and past their appointment at the end of ``period`` (or now, if earlier)."""
    return sum(v["s.overdue"] for v in snapshot_by_agency(ids, period, now=now).values())
