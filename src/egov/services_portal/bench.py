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
from egov.core.loadtest import mean_of, served, versus_healthz
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


def measure_pages(pages: list[tuple[str, list[str]]], seconds=None, headers=None) -> list[Measurement]:
    """Each page's rate against ``/healthz`` (before and after the pages) on one ``egov serve``."""
    with served() as server:
        before = server.measure(["/healthz"], seconds=seconds)
        results = [(label, server.measure(paths, seconds=seconds, headers=headers)) for label, paths in pages]
        healthz = mean_of(before, server.measure(["/healthz"], seconds=seconds))
    return [versus_healthz(result, healthz, label) for label, result in results]


@scenario("public-pages", unit="req/s", baseline="GET /healthz, same egov serve")
def public_pages(ctx: BenchContext) -> list[Measurement]:
    """Every anonymous public page of the demo province over HTTP (egov serve + wrk), against /healthz."""
    load_all()
    pages = public_paths(seed_lookups(ctx.n(20000)))
    return measure_pages(pages, seconds=ctx.extra.get("duration"))


# --- egov bench mixed --------------------------------------------------------------------------------------

MIX_USERS = 40  # locust users: 6 visitors : 2 citizens : 2 officers
MIX_CITIZENS = 20
DRAIN_SECONDS = 120


def _filing_procedure(sos) -> Procedure:
    """A province-level procedure filed fully online with one free-text field and no paper."""
    from egov.accounts.models import Role
    from egov.procedures.models import ProcessStep, Sector

    procedure = Procedure.objects.filter(code="9.900001").first()
    if procedure is not None:
        return procedure
    sector, _ = Sector.objects.get_or_create(code="BENCH-MIX", defaults={"name": "Lĩnh vực đo tải"})
    procedure = Procedure.objects.create(
        code="9.900001",
        name="Thủ tục đo tải nộp trực tuyến",
        sector=sector,
        level=Procedure.Level.PROVINCE,
        competent_authority=sos[0].name,
        processing_time=5,
        time_unit=Procedure.TimeUnit.WORKING_DAYS,
        online_level=Procedure.OnlineLevel.FULL,
        application_schema={"type": "object", "properties": {"noi_dung": {"type": "string", "title": "Nội dung"}}},
    )
    procedure.agencies.add(sos[0])
    for order, role in enumerate([Role.ONESTOP_OFFICER, Role.SPECIALIST], start=1):
        ProcessStep.objects.create(procedure=procedure, order=order, name=f"Bước {order}", role=role, duration=2)
    return procedure


def _citizens(count: int) -> list:
    from egov.accounts.models import User
    from egov.services_portal.models import CitizenProfile

    users = []
    for n in range(count):
        user, created = User.objects.get_or_create(
            username=f"bench.congdan{n}",
            defaults={"kind": User.Kind.CITIZEN, "full_name": f"Công dân đo {n}", "phone": f"09870{n:05d}"},
        )
        if created:
            CitizenProfile.objects.create(user=user, id_number=f"0011900{n:05d}", address="Số 1 đường Đo Tải")
        users.append(user)
    return users


def mix_setup(ctx: BenchContext, workdir) -> dict:
    """Seed the mixed load's data; write the locust configuration; returns it."""
    import json

    from django.conf import settings

    from egov.cms.models import NewsPage
    from egov.core.loadtest import session_headers
    from egov.documents import bench as documents_bench
    from egov.dossiers import bench as dossiers_bench

    load_all()
    lookups = seed_lookups(ctx.n(5000))
    setup = dossiers_bench.Setup()
    dossiers_bench.seed_dossiers(setup, ctx.n(20_000))
    documents_bench._seed_incoming(documents_bench.Setup(), ctx.n(20_000))
    procedure = _filing_procedure(setup.sos)

    def cookie(user):
        return session_headers(user)["Cookie"].split("=", 1)[1]

    config = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "citizens": [cookie(u) for u in _citizens(MIX_CITIZENS)],
        "officers": [cookie(setup.officer) for _ in range(5)],
        "procedure": procedure.pk,
        "lookups": lookups,
        "paths": {
            "news": urllib.parse.urlsplit(NewsPage.objects.live().order_by("pk").first().url).path,
            "procedure": f"/dich-vu-cong/thu-tuc/{Procedure.objects.active().order_by('code').first().pk}/",
        },
    }
    path = workdir / "mix.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return {"config": path, "procedure": procedure}


def outbox_backlog() -> int:
    from egov.events.models import Delivery

    return Delivery.objects.filter(status=Delivery.Status.PENDING).count()


def wait_for_drain(seconds: float = DRAIN_SECONDS) -> tuple[int, float]:
    """(backlog left, seconds waited) once the workers emptied the outbox or ``seconds`` passed."""
    import time

    started = time.monotonic()
    while (left := outbox_backlog()) and time.monotonic() - started < seconds:
        time.sleep(1)
    return left, time.monotonic() - started


def filing_counts(procedure) -> dict:
    """Dossiers filed online for ``procedure``, the drafts consumed, and duplicated drafts (must be 0)."""
    from django.db.models import Count

    from egov.services_portal.models import ApplicationDraft

    dossiers = Dossier.objects.filter(procedure=procedure).count()
    drafts = ApplicationDraft.objects.filter(procedure=procedure, dossier__isnull=False)
    duplicated = drafts.values("dossier").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {"dossiers": dossiers, "drafts": drafts.count(), "duplicated": duplicated}


def page_measurements(pages, extra_note: str) -> list[Measurement]:
    total = next((p for p in pages if p.name == "Aggregated"), None)
    out = []
    for page in sorted(pages, key=lambda p: (p.name == "Aggregated", p.name)):
        note = page.brief() + (f"; {extra_note}" if page is total else "")
        out.append(Measurement(measured=page.rate, baseline=total.rate if total else 0, note=note, label=page.name))
    return out


@scenario("mixed", unit="req/s", baseline="all pages together")
def mixed(ctx: BenchContext) -> list[Measurement]:
    """Citizens browsing and filing, officers in their inboxes, the worker running (egov serve + locust)."""
    import tempfile
    from pathlib import Path

    from egov.core.loadtest import Worker, locust, served

    seconds = ctx.extra.get("duration") or 300
    with tempfile.TemporaryDirectory(prefix="egov-mixed-") as tmp:
        workdir = Path(tmp)
        prepared = mix_setup(ctx, workdir)
        before = filing_counts(prepared["procedure"])
        env = {"EGOV_TASKS_BACKEND": "database"}
        worker = Worker(env, workdir / "worker.log", "bench-worker-1").start()
        try:
            with served(env) as server:
                pages, failures = locust(
                    Path(__file__).with_name("locust_mixed.py"),
                    [server.base],
                    users=MIX_USERS,
                    seconds=seconds,
                    env={"EGOV_MIX_CONFIG": str(prepared["config"])},
                    workdir=workdir,
                )
                backlog_end = outbox_backlog()
            left, waited = wait_for_drain()
        finally:
            worker.stop()
        after = filing_counts(prepared["procedure"])
    filed = next((p.requests for p in pages if p.name == "dossier-filed"), 0)
    pages = [p for p in pages if p.name != "dossier-filed"]
    note = (
        f"{sum(p.failures for p in pages if p.name != 'Aggregated')} errors"
        f"{' (' + '; '.join(sorted({f['Name'] + ': ' + f['Error'][:80] for f in failures})) + ')' if failures else ''}"
        f", dossiers filed {after['dossiers'] - before['dossiers']} (locust saw {filed}), duplicated "
        f"{after['duplicated']}, outbox backlog at the end {backlog_end}, after {waited:.0f} s {left}"
    )
    return page_measurements(pages, note)


# --- egov bench fault --------------------------------------------------------------------------------------


def fault_checks(procedure, seen_filed: int) -> dict:
    """After the fault: dossiers lost (seen by locust, not in the database) or duplicated (a dossier without
    its own draft), dossiers without an outbox event, deliveries not done."""
    from egov.events.models import Delivery, OutboxEvent
    from egov.services_portal.models import ApplicationDraft

    counts = filing_counts(procedure)
    dossier_ids = {str(pk) for pk in Dossier.objects.filter(procedure=procedure).values_list("pk", flat=True)}
    drafted = {
        str(pk)
        for pk in ApplicationDraft.objects.filter(procedure=procedure, dossier__isnull=False).values_list(
            "dossier_id", flat=True
        )
    }
    with_event = set(
        OutboxEvent.objects.filter(aggregate_id__in=dossier_ids).values_list("aggregate_id", flat=True).distinct()
    )
    return {
        **counts,
        "lost": max(0, seen_filed - counts["dossiers"]),
        "without_draft": len(dossier_ids - drafted),
        "without_event": len(dossier_ids - with_event),
        "deliveries_not_done": Delivery.objects.exclude(status=Delivery.Status.DONE).count(),
    }


@scenario("fault", unit="req/s", baseline="all pages together")
def fault(ctx: BenchContext) -> list[Measurement]:
    """The mixed load on two web nodes behind nginx and two workers; one node and one worker are killed
    (SIGKILL) at 30 % of the run and restarted at 50 %: nothing lost or duplicated, errors reported."""
    import tempfile
    import threading
    import time
    from pathlib import Path

    from egov.core.loadtest import Worker, balancer, locust, served

    seconds = ctx.extra.get("duration") or 300
    with tempfile.TemporaryDirectory(prefix="egov-fault-") as tmp:
        workdir = Path(tmp)
        prepared = mix_setup(ctx, workdir)
        env = {"EGOV_TASKS_BACKEND": "database"}
        workers = [Worker(env, workdir / f"worker{n}.log", f"bench-worker-{n}").start() for n in (1, 2)]
        result: dict = {}
        try:
            with served(env) as node_a, served(env) as node_b, balancer([node_a.port, node_b.port]) as base:

                def load():
                    result["pages"], result["failures"] = locust(
                        Path(__file__).with_name("locust_mixed.py"),
                        [base],
                        users=MIX_USERS,
                        seconds=seconds,
                        env={"EGOV_MIX_CONFIG": str(prepared["config"])},
                        workdir=workdir,
                    )

                runner = threading.Thread(target=load)
                runner.start()
                time.sleep(seconds * 0.3)
                node_a.kill()
                workers[0].kill()
                killed_at = time.monotonic()
                time.sleep(seconds * 0.2)
                workers[0].start()
                node_a.start()
                restarted_after = time.monotonic() - killed_at
                runner.join()
            left, waited = wait_for_drain()
        finally:
            for worker in workers:
                worker.stop()
    pages, failures = result["pages"], result["failures"]
    seen = next((p.requests for p in pages if p.name == "dossier-filed"), 0)
    checks = fault_checks(prepared["procedure"], seen)
    pages = [p for p in pages if p.name != "dossier-filed"]
    errors = "; ".join(sorted({f"{f['Method']} {f['Name']}: {f['Error'][:60]} ×{f['Occurrences']}" for f in failures}))
    note = (
        f"node and worker down {restarted_after:.0f} s; errors: {errors or 'none'}; dossiers {checks['dossiers']} "
        f"(locust saw {seen}, lost {checks['lost']}, without own draft {checks['without_draft']}, duplicated drafts "
        f"{checks['duplicated']}), without outbox event {checks['without_event']}, deliveries not done "
        f"{checks['deliveries_not_done']}, backlog after {waited:.0f} s {left}"
    )
    return page_measurements(pages, note)
