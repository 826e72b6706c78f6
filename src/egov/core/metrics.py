"""Prometheus metrics at ``GET /metrics`` (docs/deployment.md#metrics).

- ``egov_http_request_duration_seconds`` — a histogram of request latency by view (the URL pattern's name, e.g.
  ``dossiers:detail``; ``unmatched`` for a 404 outside every pattern), method and status class, counted by
  ``MetricsMiddleware`` in each web process.
- State read from the database at scrape time by the gauges apps register in ``GAUGES`` (their ``metrics.py``,
  found on the first scrape): the outbox backlog and its oldest event's age, the task queue, the DVCQG sync lag,
  the worker heartbeat, and here the database connections.

prometheus_client, not a hand-written text format: under ``egov serve`` each gunicorn worker is its own process,
and its multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, set by ``egov serve``) adds up every worker's histogram
at scrape time; writing that by hand would mean re-inventing its shared files. The database gauges are not
per-process: they are computed at scrape time, once, by whichever worker answers.

Access: ``EGOV_METRICS_TOKEN`` (``Authorization: Bearer <token>``) and/or ``EGOV_METRICS_ALLOW`` (addresses or
networks); neither set → 404 (metrics off), set but not satisfied → 403.
"""

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.utils.module_loading import autodiscover_modules
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from .registry import Registry

logger = logging.getLogger(__name__)

# A gauge source: a callable returning metric families, read on each scrape.
GAUGES: Registry[Callable[[], Iterable[GaugeMetricFamily]]] = Registry("metrics gauges")

REQUEST_LATENCY = Histogram(
    "egov_http_request_duration_seconds",
    "Time from the first middleware to the response, by view (URL pattern name), method and status class.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


class MetricsMiddleware:
    """Times every request; the label is the matched URL pattern's name, never the path (bounded labels)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "unmatched"
        REQUEST_LATENCY.labels(view, request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


# --- access ---------------------------------------------------------------------------------------------------


def _allowed_networks() -> list:
    networks = []
    for item in settings.METRICS_ALLOW:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            logger.warning("EGOV_METRICS_ALLOW: %r is not an address or a network; ignored.", item)
    return networks


def _authorised(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip().encode(), token.encode()):
        return True
    from egov.accounts.throttle import client_ip

    address = client_ip(request)
    if address and settings.METRICS_ALLOW:
        ip = ipaddress.ip_address(address)
        return any(ip in network for network in _allowed_networks())
    return False


# --- the scrape -----------------------------------------------------------------------------------------------

_discovered = False


def _database_gauges():
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT state, count(*) FROM pg_stat_activity WHERE datname = current_database() GROUP BY state")
        rows = cursor.fetchall()
        cursor.execute("SHOW max_connections")
        maximum = int(cursor.fetchone()[0])
    family = GaugeMetricFamily(
        "egov_db_connections",
        "Connections to this database by state (pg_stat_activity, all clients).",
        labels=["state"],
    )
    for state, count in rows:
        family.add_metric([state or "none"], count)
    yield family
    yield GaugeMetricFamily("egov_db_max_connections", "PostgreSQL's max_connections.", value=maximum)


class _Scrape:
    """What one scrape reports: the process (or all gunicorn workers') histograms, then the gauges."""

    def __init__(self):
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            self.counted = CollectorRegistry()
            multiprocess.MultiProcessCollector(self.counted)
        else:
            self.counted = REGISTRY

    def collect(self):
        yield from self.counted.collect()
        for name, source in [("database", _database_gauges), *GAUGES.items()]:
            try:
                yield from source()
            except Exception:  # one broken source must not hide the others
                logger.exception("Metrics source %s failed.", name)


def metrics(request):
    global _discovered
    if not (settings.METRICS_TOKEN or settings.METRICS_ALLOW):
        raise Http404
    if not _authorised(request):
        return HttpResponseForbidden("Forbidden\n", content_type="text/plain; charset=utf-8")
    if not _discovered:
        autodiscover_modules("metrics")
        _discovered = True
    response = HttpResponse(generate_latest(_Scrape()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


def prepare_multiprocess_dir(environ: dict[str, str], bind: str) -> str:
    """``egov serve``: one empty folder per server (``EGOV_VAR_DIR/metrics/<bind>`` unless
    PROMETHEUS_MULTIPROC_DIR is set) for the workers' shared histogram files; emptied at each start so a
    restarted server does not add up the counts of the previous one."""
    path = Path(environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.VAR_DIR / "metrics" / bind.replace(":", "_"))
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):  # prometheus_client's files only, whatever else the folder holds
        stale.unlink()
    environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    return str(path)
