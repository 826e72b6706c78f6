"""``egov bench public-pages``: every anonymous public page, over HTTP, against ``egov serve`` (wrk).

The demo province is loaded (portal home, news, legal documents, 41 procedures) plus ``ctx.n(20000)``
dossiers for the public look-up; ``egov serve`` runs in its own process (2 workers × 4 threads) and wrk
(``-t2 -c8``) drives each page in turn. The baseline is ``/healthz`` on the same server in the same run
(measured before and after the pages; the mean is used). Goal (issue 16): each page ≥ 0.5 × ``/healthz``.
"""

import urllib.parse
from datetime import timedelta

from django.utils import timezone

from egov.agencies.models import AdministrativeUnit, Agency
from egov.core.benchmarking import BenchContext, Measurement, scenario
from egov.core.demo import load_all
from egov.core.loadtest import LoadResult, served, versus_healthz, wrk
from egov.dossiers.models import Dossier
from egov.procedures.models import Procedure

LOOKUPS = 400


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


def seed_lookups(count: int) -> list[str]:
    """``count`` received dossiers; returns up to ``LOOKUPS`` public look-up paths (code + last 4 digits)."""
    centre = _centre()
    procedure = Procedure.objects.order_by("code").first()
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
    step = max(1, count // LOOKUPS)
    return [
        "/dich-vu-cong/tra-cuu/?"
        + urllib.parse.urlencode({"code": f"000.00.20.C96-260101-{n:06d}", "last_digits": f"{n:06d}"[-4:]})
        for n in range(0, count, step)
    ][:LOOKUPS]


def public_paths(lookups: list[str]) -> list[tuple[str, list[str]]]:
    """(label, paths) of each anonymous public page of the demo province."""
    from egov.cms.models import NewsPage

    news = urllib.parse.urlsplit(NewsPage.objects.live().order_by("pk").first().url).path
    procedure = Procedure.objects.active().order_by("code").first()
    return [
        ("static-css", ["/static/egov/css/egov.css"]),
        ("portal-home", ["/"]),
        ("news-page", [news]),
        ("legal-documents", ["/van-ban-phap-luat/"]),
        ("catalogue", ["/dich-vu-cong/"]),
        ("catalogue-search", ["/dich-vu-cong/?q=ho+tich"]),
        ("procedure-page", [f"/dich-vu-cong/thu-tuc/{procedure.pk}/"]),
        ("dossier-lookup", lookups),
        ("api-search", ["/api/v1/public/procedures/?search=ho%20tich"]),
    ]


def mean_of(a: LoadResult, b: LoadResult) -> LoadResult:
    return LoadResult(
        requests=a.requests + b.requests,
        seconds=a.seconds + b.seconds,
        p50_ms=(a.p50_ms + b.p50_ms) / 2,
        p95_ms=(a.p95_ms + b.p95_ms) / 2,
        p99_ms=(a.p99_ms + b.p99_ms) / 2,
        bad_status=a.bad_status + b.bad_status,
        socket_errors=a.socket_errors + b.socket_errors,
    )


def measure_pages(pages: list[tuple[str, list[str]]], seconds=None, headers=None) -> list[Measurement]:
    """Each page's rate against ``/healthz`` (before and after the pages) on one ``egov serve``."""
    with served() as server:
        before = wrk(server.base, ["/healthz"], seconds=seconds)
        results = [(label, wrk(server.base, paths, seconds=seconds, headers=headers)) for label, paths in pages]
        healthz = mean_of(before, wrk(server.base, ["/healthz"], seconds=seconds))
    return [versus_healthz(result, healthz, label) for label, result in results]


@scenario("public-pages", unit="req/s", baseline="GET /healthz, same egov serve")
def public_pages(ctx: BenchContext) -> list[Measurement]:
    """Every anonymous public page of the demo province over HTTP (egov serve + wrk), against /healthz."""
    load_all()
    pages = public_paths(seed_lookups(ctx.n(20000)))
    return measure_pages(pages, seconds=ctx.extra.get("duration"))
