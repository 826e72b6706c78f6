"""The HTTP path of ``egov bench``: ``egov serve`` in its own process driven by wrk (egov.core.loadtest).

A short smoke (about 10 s): the real harness against /healthz and the catalogue on the test database, which
``egov serve`` reads from another process (the test commits its rows: ``transaction=True``). Skipped where
wrk is not installed (CI installs it: Debian package ``wrk``)."""

import pytest
from django.db import connection

from egov.core import loadtest
from egov.core.benchmarking import Scenario, discover, format_line
from egov.core.loadtest import LoadResult, versus_healthz


def test_the_http_scenarios_are_registered():
    assert {"public-pages", "staff-inbox", "documents-search-page"} <= set(discover())


def test_a_page_is_reported_beside_healthz_with_its_latencies():
    healthz = LoadResult(2000, 2.0, 2.0, 4.0, 9.0, 0, 0, cpu_ms=0.9)
    page = LoadResult(500, 1.0, 10.0, 20.0, 40.5, 3, 1, cpu_ms=3.25)
    m = versus_healthz(page, healthz, "catalogue")
    sc = Scenario("public-pages", lambda ctx: None, "req/s", "GET /healthz", True, "")
    line = format_line(sc, m)
    assert line.startswith("catalogue ") and "ratio 0.500" in line
    assert "p50 10.0 p99 40.5 ms (healthz p50 2.0 p99 9.0), cpu 3.2 ms/req (healthz 0.9), 4 errors" in line


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.skipif(not loadtest.wrk_available(), reason="wrk is not installed (apt-get install wrk)")
@pytest.mark.django_db(transaction=True)
def test_egov_serve_driven_by_wrk_answers_healthz_and_the_catalogue(monkeypatch):
    from procedures.factories import ProcedureFactory

    ProcedureFactory(name="Đăng ký hộ tịch", onestop=True)
    monkeypatch.setenv("DATABASE_URL", _database_url())
    with loadtest.served(workers=1, threads=2) as server:
        healthz = loadtest.wrk(server.base, ["/healthz"], seconds=1, connections=2, threads=1)
        search = server.measure(["/dich-vu-cong/?q=ho+tich"], seconds=1, connections=2, threads=1)
    assert healthz.requests > 0 and healthz.errors == 0
    assert search.requests > 0 and search.errors == 0
    assert search.p50_ms <= search.p95_ms <= search.p99_ms and search.cpu_ms > 0
