"""Benchmarks of the one-stop back office (``egov bench onestop-intake onestop-inbox``).

- ``onestop-intake``: dossiers received per second through ``services.receive`` (checks, code from the
  locked daily counter, appointment from the calendar, papers, control-slip row, audit record, outbox
  event; one transaction each), against a bare ORM bulk insert of the same dossier and paper rows.
- ``staff-inbox``: the same inbox page over HTTP against ``egov serve`` (wrk with the officer's session
  cookie), against ``/healthz`` on the same server (goal of issue 16: ≥ 0.25 × ``/healthz``).
- ``onestop-inbox``: the "Cần xử lý" inbox page of a one-stop officer rendered through the whole stack
  (session, middleware, scoping, template) with ``ctx.n(100_000)`` dossiers seeded, against the bare
  queries behind it (count + one page of rows with their related objects).
"""

import statistics
from datetime import timedelta
from decimal import Decimal
from itertools import cycle

from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import timezone

from egov.accounts.models import Role, StaffRole, User
from egov.agencies.models import AdministrativeUnit, Agency, Official, Position
from egov.audit.models import AuditRecord
from egov.core.benchmarking import BenchContext, Measurement, scenario
from egov.core.loadtest import staff_page_measurement
from egov.events.models import Delivery, OutboxEvent
from egov.procedures.models import Fee, Procedure, ProcessStep, RequiredDocument, Sector
from egov.search.text import build_search_text

from . import services
from .models import Channel, Dossier, DossierPaper, Handover
from .transitions import Status

PROVINCE = "BENCH"
SEED_BATCH = 2000
INBOX_REQUESTS = 20

# Used only when the project does not mount the workspace yet (``ROOT_URLCONF`` is switched to this module).
urlpatterns = [path("mot-cua/", include("egov.dossiers.urls")), path("", include("egov.urls"))]


class Setup:
    """A service centre, a Sở with two departments, an officer and a procedure (idempotent)."""

    def __init__(self):
        unit, _ = AdministrativeUnit.objects.get_or_create(
            code="97", defaults={"name": "Tỉnh Đo Hiệu Năng", "level": AdministrativeUnit.Level.PROVINCE}
        )
        self.ubnd = self._agency("000.00.00.B97", "UBND tỉnh Đo Hiệu Năng", Agency.Kind.PEOPLES_COMMITTEE, None, unit)
        self.centre = self._agency(
            "000.00.20.B97", "Trung tâm Phục vụ hành chính công", Agency.Kind.SERVICE_CENTER, self.ubnd, unit
        )
        self.sos = [
            self._agency(f"000.00.{n:02d}.B97", f"Sở thử {n}", Agency.Kind.PROVINCIAL_DEPARTMENT, self.ubnd, unit)
            for n in range(1, 6)
        ]
        self.departments = [
            self._agency(f"000.{d:02d}.{n:02d}.B97", f"Phòng {d} Sở {n}", Agency.Kind.DEPARTMENT, so, unit)
            for n, so in enumerate(self.sos, start=1)
            for d in (1, 2)
        ]
        self.officer = self._officer()
        self.sector, _ = Sector.objects.get_or_create(code="BENCH", defaults={"name": "Lĩnh vực đo hiệu năng"})
        self.procedures = [self._procedure(n, so) for n, so in enumerate(self.sos, start=1)]

    @staticmethod
    def _agency(code, name, kind, parent, unit):
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            agency = Agency(code=code, name=name, abbreviation="B", kind=kind, parent=parent, administrative_unit=unit)
            agency.save()
        return agency

    def _officer(self):
        user = User.objects.filter(username="bench.motcua").first()
        if user is not None:
            return user
        position, _ = Position.objects.get_or_create(name="Cán bộ một cửa", defaults={"rank": 92})
        official = Official.objects.create(full_name="Cán bộ đo hiệu năng", agency=self.centre, position=position)
        user = User.objects.create(
            username="bench.motcua", full_name="Cán bộ đo hiệu năng", kind=User.Kind.STAFF, official=official
        )
        StaffRole.objects.create(user=user, role=Role.ONESTOP_OFFICER)
        return user

    def _procedure(self, n, so):
        procedure = Procedure.objects.filter(code=f"9.{n:06d}").first()
        if procedure is not None:
            return procedure
        procedure = Procedure.objects.create(
            code=f"9.{n:06d}",
            name=f"Thủ tục đo hiệu năng số {n}",
            sector=self.sector,
            level=Procedure.Level.PROVINCE,
            competent_authority=so.name,
            processing_time=Decimal(10),
            time_unit=Procedure.TimeUnit.WORKING_DAYS,
            online_level=Procedure.OnlineLevel.FULL,
        )
        procedure.agencies.add(so)
        for order, (role, days) in enumerate(
            [(Role.ONESTOP_OFFICER, 1), (Role.DEPARTMENT_HEAD, 1), (Role.SPECIALIST, 6), (Role.AGENCY_LEADER, 2)],
            start=1,
        ):
            ProcessStep.objects.create(procedure=procedure, order=order, name=f"Bước {order}", role=role, duration=days)
        RequiredDocument.objects.create(procedure=procedure, order=1, name="Tờ khai")
        RequiredDocument.objects.create(procedure=procedure, order=2, name="Bản sao giấy tờ tùy thân", form="copy")
        Fee.objects.create(procedure=procedure, name="Lệ phí", amount=Decimal(50000))
        return procedure


# --- onestop-intake ---------------------------------------------------------------------------------------


def _intake(procedure, i: int) -> services.Intake:
    documents = list(procedure.required_documents.all())
    return services.Intake(
        procedure=procedure,
        applicant=services.Applicant(name=f"Nguyễn Văn Đo {i}", id_number=f"0011{i:08d}", phone="0912345678"),
        papers=[services.Paper(name=d.name, form=d.form, required_document=d) for d in documents],
    )


@scenario("onestop-intake", unit="dossiers/s", baseline="bare ORM, same rows, 1 tx/dossier")
def onestop_intake(ctx: BenchContext) -> Measurement:
    """Dossiers received through services.receive (code, deadlines, audit, outbox) vs the same rows by bare ORM."""
    setup = Setup()
    n = ctx.n(500)
    procedure = Procedure.objects.prefetch_related("required_documents", "fees", "agencies", "steps").get(
        pk=setup.procedures[0].pk
    )
    intakes = [_intake(procedure, i) for i in range(n)]
    received = []

    def through_services():
        for intake in intakes:
            received.append(services.receive(intake, officer=setup.officer, receiving_agency=setup.centre))

    token = Dossier.objects.count()

    def bare():
        # The same rows as one intake writes (dossier, papers, control-slip row, outbox event and its delivery,
        # audit record), one transaction per dossier, by bare ORM calls with everything computed beforehand.
        for i, (dossier, intake) in enumerate(zip(received, intakes, strict=True)):
            now = timezone.now()
            with transaction.atomic():
                row = _bare_row(dossier, f"BARE-{token}-{i}", now)
                row.register_number = dossier.register_number
                row.save(force_insert=True)
                DossierPaper.objects.bulk_create(
                    DossierPaper(
                        dossier=row, name=p.name, form=p.form, count=p.count, required_document=p.required_document
                    )
                    for p in intake.papers
                )
                handover = Handover.objects.create(
                    dossier=row,
                    action="receive",
                    to_status=Status.RECEIVED,
                    at=now,
                    actor=setup.officer,
                    to_unit_id=setup.centre.pk,
                )
                payload = {"code": row.code, "status": row.status, "handover": handover.pk}
                event = OutboxEvent.objects.create(
                    topic="dossier.receive",
                    aggregate_type="dossiers.dossier",
                    aggregate_id=str(row.pk),
                    payload=payload,
                    actor_id=setup.officer.pk,
                    created_at=now,
                )
                Delivery.objects.create(event=event, handler="bench", aggregate_key=f"dossier:{row.pk}")
                AuditRecord.objects.create(
                    at=now,
                    actor=setup.officer,
                    action="dossier.receive",
                    object_type="dossiers.dossier",
                    object_id=str(row.pk),
                    after=payload,
                    agency_id=row.handling_agency_id,
                    hash="0" * 64,
                )

    measured = n / ctx.timed(through_services)
    baseline = n / ctx.timed(bare)
    return Measurement(measured=measured, baseline=baseline, note=f"{n} dossiers, {len(intakes[0].papers)} papers each")


def _bare_row(dossier: Dossier, code: str, now) -> Dossier:
    return Dossier(
        code=code,
        procedure_id=dossier.procedure_id,
        status=Status.RECEIVED,
        channel=dossier.channel,
        receiving_agency_id=dossier.receiving_agency_id,
        handling_agency_id=dossier.handling_agency_id,
        current_unit_id=dossier.current_unit_id,
        applicant_name=dossier.applicant_name,
        applicant_id_number=dossier.applicant_id_number,
        applicant_phone=dossier.applicant_phone,
        received_at=now,
        due_at=dossier.due_at,
        original_due_at=dossier.original_due_at,
        fee_total=dossier.fee_total,
        search_text=dossier.search_text,
    )


# --- onestop-inbox ----------------------------------------------------------------------------------------

# (status, share): most dossiers are finished; the officer's "Cần xử lý" box holds the received ones.
STATUS_MIX = (
    [Status.RETURNED] * 12 + [Status.IN_APPRAISAL] * 3 + [Status.ASSIGNED, Status.RECEIVED, Status.RESULT_READY]
)
STATUS_MIX += [Status.SUPPLEMENT_REQUESTED, Status.AWAITING_APPROVAL, Status.NEW]


def seed_dossiers(setup: Setup, count: int) -> None:
    """``count`` dossiers spread over the procedures, statuses and a year of reception (bulk inserts)."""
    now = timezone.now()
    start = Dossier.objects.count()
    statuses, procedures = cycle(STATUS_MIX), cycle(list(zip(setup.procedures, setup.sos, strict=True)))
    departments = cycle(setup.departments)
    for first in range(start, start + count, SEED_BATCH):
        rows = []
        for i in range(first, min(first + SEED_BATCH, start + count)):
            rows.append(_seed_row(i, next(statuses), *next(procedures), next(departments), setup, now))
        Dossier.objects.bulk_create(rows, batch_size=SEED_BATCH)


def _seed_row(i, status, procedure, so, department, setup, now) -> Dossier:
    received = now - timedelta(minutes=(i * 5) % (365 * 24 * 60))
    code = f"000.00.20.B97-{received:%y%m%d}-S{i:07d}"
    name = f"Nguyễn Thị Thử {i}"
    at_desk = status in (Status.NEW, Status.RECEIVED, Status.RESULT_READY, Status.RETURNED)
    finished = status in (Status.RETURNED, Status.RESULT_READY)
    return Dossier(
        code=None if status == Status.NEW else code,
        procedure=procedure,
        status=status,
        channel=Channel.ONLINE if i % 3 == 0 else Channel.DESK,
        receiving_agency=setup.centre,
        handling_agency=so,
        current_unit=setup.centre if at_desk else department,
        applicant_name=name,
        applicant_id_number=f"0012{i:08d}",
        received_at=None if status == Status.NEW else received,
        due_at=None if status == Status.NEW else received + timedelta(days=14),
        original_due_at=None if status == Status.NEW else received + timedelta(days=14),
        result_at=received + timedelta(days=7) if finished else None,
        returned_at=received + timedelta(days=8) if status == Status.RETURNED else None,
        closed_at=received + timedelta(days=8) if status == Status.RETURNED else None,
        outcome="early" if finished else "",
        search_text=build_search_text(code, name, f"0012{i:08d}"),
    )


def _refresh_statistics() -> None:
    """On PostgreSQL, what autovacuum does shortly after a bulk load; SQLite keeps no statistics unless told
    (the embedded default is measured as it runs)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Dossier._meta.db_table}")


def _inbox_url() -> str | None:
    try:
        return reverse("dossiers:process")
    except NoReverseMatch:
        return None


@scenario("onestop-inbox", unit="ms", baseline="bare inbox queries", higher_is_better=False)
def onestop_inbox(ctx: BenchContext) -> Measurement:
    """The officer's "Cần xử lý" page (25 rows) over ctx.n(100,000) seeded dossiers vs the bare queries behind it."""
    setup = Setup()
    seed_dossiers(setup, ctx.n(100_000))
    _refresh_statistics()
    if _inbox_url() is None:
        with override_settings(ROOT_URLCONF=__name__):
            return _measure_inbox(ctx, setup)
    return _measure_inbox(ctx, setup)


def _measure_inbox(ctx: BenchContext, setup: Setup) -> Measurement:
    """Median of ``INBOX_REQUESTS`` runs each, in milliseconds."""
    from .views.boxes import BOX_BY_KEY, box_queryset
    from .views.inbox import paginate

    client = Client()
    client.force_login(setup.officer)
    url = _inbox_url()
    if client.get(url).status_code != 200:  # warm up, and refuse to time an error page
        raise RuntimeError(f"{url} did not answer 200")
    user = User.objects.get(pk=setup.officer.pk)
    box_queryset(BOX_BY_KEY["process"], user, timezone.now()).exists()  # roles and scope cached on ``user``

    def page():
        client.get(url)

    def bare():  # the page's dossier queries alone: count, the ids of page 1, their rows
        paginate(box_queryset(BOX_BY_KEY["process"], user, timezone.now()), 1)

    measured = statistics.median(ctx.timed(page) for _ in range(INBOX_REQUESTS))
    baseline = statistics.median(ctx.timed(bare) for _ in range(INBOX_REQUESTS))
    return Measurement(measured=measured * 1000, baseline=baseline * 1000)


@scenario("staff-inbox", unit="req/s", baseline="GET /healthz, same egov serve")
def staff_inbox(ctx: BenchContext) -> Measurement:
    """The officer's "Cần xử lý" inbox over HTTP (egov serve + wrk, signed in) with ctx.n(100,000) dossiers."""
    setup = Setup()
    seed_dossiers(setup, ctx.n(100_000))
    _refresh_statistics()
    return staff_page_measurement(
        "staff-inbox", [reverse("dossiers:process")], setup.officer, ctx.extra.get("duration")
    )
