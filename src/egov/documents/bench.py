"""Benchmarks of official documents (``egov bench documents-issue documents-search``).

- ``documents-issue``: approved documents issued per second through ``services.issue`` (lock, register
  counter, number and notation, dispatch to one platform recipient with its incoming copy, trail rows,
  audit records, outbox events; one transaction each), against a bare ORM insert of the issued rows.
- ``documents-search``: a diacritic-insensitive search by a clerk (scoping, clearance, every word) over
  ``ctx.n(200_000)`` seeded incoming documents, first page of 25, against the raw query on ``search_text``
  alone (the indexed full-text match on PostgreSQL, ``LIKE`` per word on SQLite).
"""

import io
import statistics
from itertools import cycle

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from egov.accounts.models import Role, StaffRole, User
from egov.agencies.models import AdministrativeUnit, Agency, Official, Position
from egov.attachments.services import store_upload
from egov.core.benchmarking import BenchContext, Measurement, scenario
from egov.core.loadtest import staff_page_measurement
from egov.search.text import build_search_text

from . import services
from .doctypes import ensure_document_types
from .fulltext import to_tsquery
from .models import DocumentType, DraftVersion, IncomingDocument, OutgoingDocument
from .textextract import extract_text
from .transitions import IncomingStatus, OutgoingStatus

SEED_BATCH = 5000
SEARCHES = 20
SUBJECTS = [
    "Quyết định phê duyệt quy hoạch mạng lưới cơ sở",
    "Về việc triển khai công tác cải cách hành chính",
    "Kế hoạch kiểm tra việc thực hiện pháp luật",
    "Báo cáo kết quả công tác quý",
    "Thông báo lịch tiếp công dân",
]


class Setup:
    """Two Sở with a department, a clerk, a specialist (idempotent)."""

    def __init__(self):
        ensure_document_types()
        unit, _ = AdministrativeUnit.objects.get_or_create(
            code="96", defaults={"name": "Tỉnh Đo Văn Bản", "level": AdministrativeUnit.Level.PROVINCE}
        )
        self.sender = self._agency("000.00.01.C96", "Sở gửi", "SG", Agency.Kind.PROVINCIAL_DEPARTMENT, None, unit)
        self.recipient = self._agency("000.00.02.C96", "Sở nhận", "SN", Agency.Kind.PROVINCIAL_DEPARTMENT, None, unit)
        self.department = self._agency("000.01.01.C96", "Phòng soạn", "PS", Agency.Kind.DEPARTMENT, self.sender, unit)
        self.clerk = self._user("bench.vanthu", self.sender, None, Role.CLERK)
        self.specialist = self._user("bench.chuyenvien", self.sender, self.department, Role.SPECIALIST)
        self.type = DocumentType.objects.get(abbreviation="QĐ")

    @staticmethod
    def _agency(code, name, abbreviation, kind, parent, unit):
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            agency = Agency(
                code=code, name=name, abbreviation=abbreviation, kind=kind, parent=parent, administrative_unit=unit
            )
            agency.save()
        return agency

    @staticmethod
    def _user(username, agency, department, role):
        user = User.objects.filter(username=username).first()
        if user is None:
            position, _ = Position.objects.get_or_create(name="Chuyên viên", defaults={"rank": 90})
            official = Official.objects.create(
                full_name=username, agency=agency, department=department, position=position
            )
            user = User.objects.create(username=username, kind=User.Kind.STAFF, official=official)
            StaffRole.objects.create(user=user, role=role)
        return user


def _attachment(user):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Quyet dinh")
    page.save()
    upload = SimpleUploadedFile("bench.pdf", buffer.getvalue(), content_type="application/pdf")
    return store_upload(upload, uploaded_by=user, agency=user.official.agency)


def _approved(setup, attachment, n):
    now = timezone.now()
    rows = OutgoingDocument.objects.bulk_create(
        OutgoingDocument(
            agency=setup.sender,
            drafting_unit=setup.department,
            author=setup.specialist,
            document_type=setup.type,
            subject=SUBJECTS[i % len(SUBJECTS)],
            status=OutgoingStatus.APPROVED,
            signer_name="Giám đốc",
            created_at=now,
        )
        for i in range(n)
    )
    if rows and rows[0].pk is None:  # backends that do not return ids from bulk inserts
        rows = list(OutgoingDocument.objects.filter(status=OutgoingStatus.APPROVED).order_by("-id")[:n])
    text = extract_text(attachment)  # extracted once when the version is stored (create_draft/add_version)
    DraftVersion.objects.bulk_create(DraftVersion(document=d, number=1, attachment=attachment, text=text) for d in rows)
    OutgoingDocument.internal_recipients.through.objects.bulk_create(
        OutgoingDocument.internal_recipients.through(outgoingdocument_id=d.pk, agency_id=setup.recipient.pk)
        for d in rows
    )
    return rows


@scenario("documents-issue", unit="documents/s", baseline="bare ORM insert of issued rows")
def documents_issue(ctx: BenchContext) -> Measurement:
    """Issuing with numbering and dispatch vs inserting the issued rows."""
    setup = Setup()
    n = ctx.n(300)
    documents = _approved(setup, _attachment(setup.clerk), n)

    def through_services():
        for document in documents:
            services.issue(document, actor=setup.clerk)

    def bare():
        now = timezone.now()
        OutgoingDocument.objects.bulk_create(
            OutgoingDocument(
                agency=setup.sender,
                author=setup.specialist,
                document_type=setup.type,
                subject=d.subject,
                status=OutgoingStatus.ISSUED,
                notation=f"{i}/QĐ-SG",
                issued_at=now,
            )
            for i, d in enumerate(documents)
        )

    measured = n / ctx.timed(through_services)
    baseline = n / ctx.timed(bare)
    return Measurement(measured=measured, baseline=baseline, note=f"{n} documents, 1 platform recipient each")


@scenario("documents-search", unit="ms/search", baseline="raw query on search_text", higher_is_better=False)
def documents_search(ctx: BenchContext) -> Measurement:
    """A clerk's scoped, cleared search (count + first page) vs the same words on ``search_text`` alone."""
    setup = Setup()
    n = ctx.n(200_000)
    _seed_incoming(setup, n)
    queries = cycle(["quyet dinh phe duyet quy hoach", "cai cach hanh chinh", "lich tiep cong dan", "bao cao quy"])
    user = User.objects.get(pk=setup.clerk.pk)

    def scoped(query):
        found = IncomingDocument.objects.for_user(user).search(query).order_by("-created_at", "-id")
        found.count()
        list(found[:25])

    def raw(query):
        where, params = _raw_condition(query)
        table = IncomingDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)  # noqa: S608 - fixed names
            cursor.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY created_at DESC, id DESC LIMIT 25", params)  # noqa: S608

    measured = statistics.median(_timings(ctx, scoped, queries)) * 1000
    baseline = statistics.median(_timings(ctx, raw, queries)) * 1000
    method = "full text (GIN)" if connection.vendor == "postgresql" else "LIKE per word"
    return Measurement(measured=measured, baseline=baseline, note=f"{n} documents, {method}")


def _raw_condition(query):
    """The bare search on ``search_text``: the indexed full-text match on PostgreSQL, ``LIKE`` elsewhere."""
    if connection.vendor == "postgresql":
        return "search_vector @@ to_tsquery('simple'::regconfig, %s)", [to_tsquery(query)]
    words = query.split()
    return " AND ".join(["search_text LIKE %s"] * len(words)), [f"%{w}%" for w in words]


def _timings(ctx, search, queries):
    timings = []
    for _ in range(SEARCHES):
        query = next(queries)
        timings.append(ctx.timed(lambda: search(query)))  # noqa: B023 - called at once
    return timings


def _seed_incoming(setup, n):
    existing = IncomingDocument.objects.filter(agency=setup.sender).count()
    now = timezone.now()
    for start in range(existing, n, SEED_BATCH):
        IncomingDocument.objects.bulk_create(
            IncomingDocument(
                agency=setup.sender,
                status=IncomingStatus.REGISTERED,
                issuer_name="Ủy ban nhân dân tỉnh",
                document_type=setup.type,
                notation=f"{i}/QĐ-UBND",
                subject=SUBJECTS[i % len(SUBJECTS)],
                search_text=build_search_text(f"{i}/QĐ-UBND", SUBJECTS[i % len(SUBJECTS)], "Ủy ban nhân dân tỉnh"),
                created_at=now,
            )
            for i in range(start, min(start + SEED_BATCH, n))
        )


@scenario("documents-search-page", unit="req/s", baseline="GET /healthz, same egov serve")
def documents_search_page(ctx: BenchContext) -> Measurement:
    """The document search page over HTTP (egov serve + wrk, a clerk signed in) with ctx.n(200,000) documents."""
    import urllib.parse

    from django.urls import reverse

    setup = Setup()
    _seed_incoming(setup, ctx.n(200_000))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IncomingDocument._meta.db_table}")
    url = reverse("documents:search")
    paths = [
        f"{url}?{urllib.parse.urlencode({'direction': 'incoming', 'q': q})}"
        for q in ["quyet dinh phe duyet quy hoach", "cai cach hanh chinh", "lich tiep cong dan", "bao cao quy"]
    ]
    return staff_page_measurement("documents-search-page", paths, setup.clerk, ctx.extra.get("duration"))
