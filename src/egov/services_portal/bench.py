"""Portal benchmarks over HTTP (``egov bench portal-search portal-lookup``).

A threaded WSGI server runs the whole Django stack on a loopback port; ``THREADS`` client threads send
requests to it. The baseline is ``/healthz`` (a trivial view) on the same server in the same run.

- ``portal-search``: catalogue searches without diacritics over ``ctx.n(2000)`` procedures.
- ``portal-lookup``: public status look-ups (code + last 4 digits) over ``ctx.n(20000)`` dossiers.
"""

import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from itertools import cycle

from django.utils import timezone

from egov.agencies.models import AdministrativeUnit, Agency
from egov.core.benchmarking import BenchContext, Measurement, loopback_server, scenario
from egov.dossiers.models import Dossier
from egov.procedures.models import Procedure, Sector
from egov.search.text import build_search_text, normalize

THREADS = 8
REQUESTS = 400
WORDS = ["Cấp giấy phép", "xây dựng", "đăng ký", "hộ tịch", "chứng thực", "đất đai", "hòa giải", "khai sinh"]


def _rate(urls: list[str]) -> float:
    def fetch(url):
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            response.read()
            assert response.status == 200

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(fetch, urls[:THREADS]))  # warm up
        seconds = BenchContext.timed(lambda: list(pool.map(fetch, urls)))
    return len(urls) / seconds


def _measure(paths: list[str]) -> Measurement:
    with loopback_server() as base:
        measured = _rate([base + p for p in paths])
        baseline = _rate([base + "/healthz"] * len(paths))
    return Measurement(measured=measured, baseline=baseline, note=f"{THREADS} threads")


def _centre():
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="96", defaults={"name": "Tỉnh Đo Cổng", "level": AdministrativeUnit.Level.PROVINCE}
    )
    centre, _ = Agency.objects.get_or_create(
        code="000.00.20.C96",
        defaults={
            "name": "Trung tâm PVHCC",
            "abbreviation": "TT",
            "kind": Agency.Kind.SERVICE_CENTER,
            "administrative_unit": unit,
        },
    )
    return centre


def _seed_procedures(count: int) -> list[Procedure]:
    sector, _ = Sector.objects.get_or_create(code="BENCH-PORTAL", defaults={"name": "Lĩnh vực đo"})
    existing = list(Procedure.objects.filter(sector=sector)[:count])
    rows = [
        Procedure(
            code=f"9.{n:06d}",
            name=f"{WORDS[n % len(WORDS)]} thủ tục số {n}",
            sector=sector,
            level=Procedure.Level.PROVINCE,
            competent_authority="Sở thử",
            processing_time=Decimal(5),
            time_unit=Procedure.TimeUnit.WORKING_DAYS,
            online_level=Procedure.OnlineLevel.FULL,
        )
        for n in range(len(existing), count)
    ]
    for p in rows:  # bulk_create skips save(): fill the search columns here
        p.search_text = build_search_text(p.code, p.name, p.competent_authority)
        p.name_search = normalize(p.name)
    Procedure.objects.bulk_create(rows, batch_size=1000)
    return list(Procedure.objects.filter(sector=sector)[:count])


@scenario("portal-search", unit="req/s", baseline="GET /healthz, same server")
def portal_search(ctx: BenchContext) -> Measurement:
    """Catalogue searches typed without diacritics, over HTTP with threads, against a trivial view."""
    _seed_procedures(ctx.n(2000))
    queries = cycle(normalize(w) for w in WORDS)
    paths = [f"/dich-vu-cong/?{urllib.parse.urlencode({'q': next(queries)})}" for _ in range(REQUESTS)]
    return _measure(paths)


@scenario("portal-lookup", unit="req/s", baseline="GET /healthz, same server")
def portal_lookup(ctx: BenchContext) -> Measurement:
    """Public status look-ups (code + last 4 digits of the ID number) over HTTP, against a trivial view."""
    centre = _centre()
    procedure = _seed_procedures(1)[0]
    count = ctx.n(20000)
    now = timezone.now()
    Dossier.objects.bulk_create(
        (
            Dossier(
                code=f"000.00.20.C96-260101-{n:06d}",
                procedure=procedure,
                status="received",
                receiving_agency=centre,
                handling_agency=centre,
                current_unit=centre,
                applicant_name=f"Người {n}",
                applicant_id_number=f"001190{n:06d}",
                received_at=now,
                due_at=now + timedelta(days=5),
            )
            for n in range(count)
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    step = max(1, count // REQUESTS)
    paths = [
        "/dich-vu-cong/tra-cuu/?"
        + urllib.parse.urlencode({"code": f"000.00.20.C96-260101-{n:06d}", "last_digits": f"{n:06d}"[-4:]})
        for n in range(0, count, step)
    ][:REQUESTS]
    return _measure(paths)
