"""``egov bench reports-dashboard``: the province dashboard over ``ctx.n(1_000_000)`` dossiers and
``ctx.n(300_000)`` documents, against the raw GROUP BY queries over the same rows in the same run.

Seeding writes rows with ``executemany`` on prepared tuples (no model instances), then builds the
daily facts with ``facts.rebuild()``; each step's time is printed.
"""

import statistics
import time
from datetime import datetime

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from egov.accounts.models import Role, StaffRole, User
from egov.agencies.models import Official, Position
from egov.core.benchmarking import BenchContext, Measurement, scenario
from egov.documents.doctypes import ensure_document_types
from egov.documents.models import DocumentType, IncomingDocument, OutgoingDocument
from egov.dossiers.models import Dossier
from egov.dossiers.transitions import Status

from . import facts
from .indicators import Period
from .seed766 import ensure_index_rules

BATCH = 20_000
REQUESTS = 5

# (status, outcome, finished?) cycle: most dossiers finished, some in progress, a few overdue
MIX = [
    (Status.RETURNED, "on_time"),
    (Status.RETURNED, "early"),
    (Status.RETURNED, "early"),
    (Status.RETURNED, "late"),
    (Status.RESULT_READY, "on_time"),
    (Status.IN_APPRAISAL, ""),
    (Status.RECEIVED, ""),
    (Status.RETURNED, "early"),
]
CHANNELS = ["desk", "online", "online", "post", "desk"]


def _say(text: str) -> None:
    print(f"  reports-dashboard: {text}", flush=True)


class SeedSQL:
    """SQL expressions over the row number ``i`` of a recursive CTE, for SQLite and PostgreSQL (``%%`` is
    the modulo operator: the statements carry parameters, and both backends turn ``%%`` into ``%``)."""

    def __init__(self, start: datetime):
        self.params: list = []
        self.start = connection.ops.adapt_datetimefield_value(start)

    def param(self, value) -> str:
        self.params.append(value)
        return "%s"

    def moment(self, minutes: str) -> str:
        """``start`` plus ``minutes`` (an SQL expression), as the column stores it."""
        base = self.param(self.start)
        if connection.vendor == "postgresql":
            return f"({base}::timestamptz + ({minutes}) * interval '1 minute')"
        return f"datetime({base}, '+' || ({minutes}) || ' minutes')"

    def pick(self, modulo_of: str, values: list) -> str:
        """``values[i % len(values)]`` (None -> NULL)."""
        cases = " ".join(f"WHEN {k} THEN {'NULL' if v is None else self.param(v)}" for k, v in enumerate(values))
        return f"CASE ({modulo_of}) %% {len(values)} {cases} END"


def _insert_select(model, constants: dict, expressions: dict, count: int, sql_params: SeedSQL) -> None:
    """One ``WITH RECURSIVE seq(i) ... INSERT INTO ... SELECT`` of ``count`` rows, in batches."""
    columns, values, const_params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in expressions:
            values.append(expressions[field.attname])
            continue
        value = constants.get(field.attname, field.get_default())
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        values.append("%s")
        const_params.append(field.get_db_prep_save(value, connection))
    # parameters appear in column order: rebuild them in that order
    ordered, expr_params = [], iter(sql_params.params)
    expr_counts = {name: expr.count("%s") for name, expr in expressions.items()}
    const_iter = iter(const_params)
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname in expressions:
            ordered += [next(expr_params) for _ in range(expr_counts[field.attname])]
        else:
            ordered.append(next(const_iter))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        "WITH RECURSIVE seq(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < %s) "
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM seq"
    )
    for first in range(0, count, BATCH * 10):
        last = min(first + BATCH * 10, count)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [first, last, *ordered])


def seed_dossiers(setup, count: int, start: datetime, span_minutes: int) -> None:
    """``count`` dossiers over ``span_minutes`` from ``start``: 15 handling units, a status mix, channels,
    fees on a quarter; finished ones get a result 6/10/12 days later (early / on time / late)."""
    units = [(so.pk, proc.pk) for so, proc in zip(setup.sos, setup.procedures, strict=True)]
    units += [(dept.pk, setup.procedures[n // 2].pk) for n, dept in enumerate(setup.departments)]
    q = SeedSQL(start)
    minute = f"((i * 7) %% {span_minutes})"
    late_enough = f"{minute} < {span_minutes - 13 * 1440}"  # a result only when it is in the past
    days = {"early": 6, "on_time": 10, "late": 12, "": None}
    result_days = [days[outcome] for _status, outcome in MIX]
    returned_days = [d if status == Status.RETURNED else None for d, (status, _o) in zip(result_days, MIX, strict=True)]
    builders = {  # evaluated in column order by _seed_model, so parameters line up
        "status": lambda: q.pick("i", [status for status, _o in MIX]),
        "channel": lambda: q.pick("i", CHANNELS),
        "procedure_id": lambda: q.pick("i", [proc for _a, proc in units]),
        "handling_agency_id": lambda: q.pick("i", [agency for agency, _p in units]),
        "current_unit_id": lambda: q.pick("i", [agency for agency, _p in units]),
        "submitted_at": lambda: q.moment(minute),
        "received_at": lambda: q.moment(minute),
        "due_at": lambda: q.moment(f"{minute} + 14400"),
        "original_due_at": lambda: q.moment(f"{minute} + 14400"),
        "result_at": lambda: _when(q, late_enough, result_days, minute, 0),
        "returned_at": lambda: _when(q, late_enough, returned_days, minute, 180),
        "outcome": lambda: f"CASE WHEN {late_enough} THEN {q.pick('i', [o for _s, o in MIX])} ELSE '' END",
        "fee_total": lambda: "CASE WHEN i %% 4 = 0 THEN 50000 ELSE 0 END",
    }
    constants = {"receiving_agency_id": setup.centre.pk, "applicant_name": "Nguyễn Thị Thử"}
    _seed_model(Dossier, q, builders, constants, count)


def _when(q: SeedSQL, condition: str, day_list: list, minute: str, extra_minutes: int) -> str:
    cases = " ".join(
        f"WHEN {k} THEN {q.moment(f'{minute} + {d * 1440 + extra_minutes}')}"
        for k, d in enumerate(day_list)
        if d is not None
    )
    return f"CASE WHEN {condition} THEN CASE i %% {len(day_list)} {cases} ELSE NULL END ELSE NULL END"


def seed_documents(setup, author, count: int, start: datetime, span_minutes: int) -> None:
    """Two thirds incoming (a tenth on paper, four fifths done, a seventh of those late), one third
    outgoing (half signed on the platform), spread like the dossiers."""
    ensure_document_types()
    kind = DocumentType.objects.order_by("pk").first()
    agencies = [so.pk for so in setup.sos]
    n_in = count * 2 // 3
    minute = f"((i * 11) %% {span_minutes})"
    q = SeedSQL(start)
    in_builders = {
        "agency_id": lambda: q.pick("i", agencies),
        "channel": lambda: "CASE WHEN i %% 10 = 1 THEN 'paper' ELSE 'electronic' END",
        "arrival_date": lambda: q.moment(minute),
        "status": lambda: "CASE WHEN i %% 5 = 0 THEN 'in_progress' ELSE 'done' END",
        "done_at": lambda: f"CASE WHEN i %% 5 = 0 THEN NULL ELSE {q.moment(minute + ' + 4320')} END",
        "done_late": lambda: "CASE WHEN i %% 7 = 0 THEN %s ELSE %s END",
    }
    _seed_model(
        IncomingDocument,
        q,
        in_builders,
        {"document_type_id": kind.pk, "subject": "Văn bản đến", "issuer_name": "Bộ"},
        n_in,
        extra={"done_late": [True, False]},
    )
    q = SeedSQL(start)
    out_builders = {
        "agency_id": lambda: q.pick("i", agencies),
        "status": lambda: "'issued'",
        "issued_at": lambda: q.moment(minute),
        "signer_id": lambda: q.pick("i", [author.pk, None]),
    }
    _seed_model(
        OutgoingDocument,
        q,
        out_builders,
        {"document_type_id": kind.pk, "subject": "Văn bản đi", "author_id": author.pk},
        count - n_in,
    )


class IndexesDropped:
    """Drop a table's secondary indexes while bulk seeding and build them once at the end (much faster
    than maintaining a dozen indexes row by row). Constraint-backed indexes stay."""

    def __init__(self, model):
        self.table = model._meta.db_table
        self.saved: list[tuple[str, str]] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                    [self.table],
                )
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                    "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                    [self.table],
                )
            else:
                return self
            self.saved = [(name, sql) for name, sql in cursor.fetchall() if "UNIQUE" not in sql.upper()]
            for name, _sql in self.saved:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            for _name, sql in self.saved:
                cursor.execute(sql)
        return False


def _seed_model(model, q: SeedSQL, builders: dict, constants: dict, count: int, extra=None) -> None:
    exprs, params_by_field = {}, {}
    for field in model._meta.concrete_fields:
        if field.attname in builders:
            before = len(q.params)
            exprs[field.attname] = builders[field.attname]()
            params_by_field[field.attname] = q.params[before:] + list((extra or {}).get(field.attname, []))
    q.params = [p for field in model._meta.concrete_fields for p in params_by_field.get(field.attname, [])]
    with IndexesDropped(model):
        _insert_select(model, constants, exprs, count, q)


def _admin(setup) -> User:
    user = User.objects.filter(username="bench.baocao").first()
    if user is None:
        position, _ = Position.objects.get_or_create(name="Chuyên viên CNTT", defaults={"rank": 90})
        official = Official.objects.create(full_name="Quản trị báo cáo", agency=setup.ubnd, position=position)
        user = User.objects.create(
            username="bench.baocao", full_name="Quản trị báo cáo", kind=User.Kind.STAFF, official=official
        )
        StaffRole.objects.create(user=user, role=Role.SYSTEM_ADMIN)
    return user


@scenario("reports-dashboard", unit="ms", baseline="raw GROUP BY queries", higher_is_better=False)
def reports_dashboard(ctx: BenchContext) -> Measurement:
    """Province dashboard over 1M dossiers + 300k documents (daily facts) vs the raw GROUP BY queries."""
    from egov.dossiers.bench import Setup

    setup = Setup()
    admin = _admin(setup)
    ensure_index_rules()
    today = timezone.localdate()
    period = Period.year(today.year)
    start = facts.day_start(period.start)
    span = max(int((timezone.now() - start).total_seconds() // 60) - 60, 60)
    n_dossiers, n_documents = ctx.n(1_000_000), ctx.n(300_000)

    began = time.perf_counter()
    seed_dossiers(setup, n_dossiers, start, span)
    _say(f"seeded {n_dossiers:,} dossiers in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    seed_documents(setup, admin, n_documents, start, span)
    _say(f"seeded {n_documents:,} documents in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    written = facts.rebuild()
    _say(f"rebuilt {written:,} daily facts in {time.perf_counter() - began:.1f} s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    client.force_login(admin)
    url = f"/bao-cao/toan-tinh/?nam={today.year}&ky=year"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    timings = []
    for _ in range(REQUESTS):
        timings.append(ctx.timed(lambda: client.get(url)) * 1000)
    raw = []
    for _ in range(2):
        raw.append(ctx.timed(lambda: facts.raw_facts(period.start, period.end)) * 1000)
    measured, baseline = statistics.median(timings), statistics.median(raw)
    _say(f"dashboard median {measured:.0f} ms (max {max(timings):.0f}); raw GROUP BY median {baseline:.0f} ms")
    return Measurement(measured=measured, baseline=baseline, note=f"{n_dossiers} dossiers, {n_documents} documents")
