"""``GET /metrics`` (issue 16): Prometheus text format, protected by a token or an address list, and counters that
move with the requests — in one process and summed over the workers of a real ``egov serve``."""

from datetime import timedelta

import pytest
import requests
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from core.serving import child_env, served

TOKEN = "s3cret-metrics-token"
pytestmark = pytest.mark.django_db


def _families(text: str) -> dict:
    return {family.name: family for family in text_string_to_metric_families(text)}


def _value(families: dict, name: str, sample_name: str | None = None, **labels) -> float | None:
    family = families.get(name)
    for sample in family.samples if family else ():
        if sample.name == (sample_name or name) and all(sample.labels.get(k) == v for k, v in labels.items()):
            return sample.value
    return None


def _scrape(client) -> dict:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return _families(response.content.decode())


def test_metrics_are_off_without_a_token_or_an_allow_list(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOW = "", []
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


def test_the_token_or_the_allow_list_opens_them_and_nothing_else_does(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOW = TOKEN, []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200

    settings.METRICS_TOKEN, settings.METRICS_ALLOW = "", ["10.0.0.0/24", "192.0.2.7", "not-an-address"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.8").status_code == 403
    # Behind a proxy only the address the proxy appended counts: a forged entry opens nothing.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    forged = client.get("/metrics", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.5")
    assert forged.status_code == 403


def test_the_latency_histogram_counts_requests_by_view(client, settings):
    settings.METRICS_TOKEN = TOKEN
    before = _scrape(client)
    name, sample = "egov_http_request_duration_seconds", "egov_http_request_duration_seconds_count"
    start = _value(before, name, sample, view="healthz", method="GET", status="2xx") or 0
    for _ in range(3):
        client.get("/healthz")
    client.get("/khong-co-trang-nay/")  # the portal's page tree takes every other path: a 404 of wagtail_serve
    after = _scrape(client)
    assert _value(after, name, sample, view="healthz", method="GET", status="2xx") == start + 3
    assert _value(after, name, sample, view="wagtail_serve", method="GET", status="4xx") >= 1
    assert _value(after, name, "egov_http_request_duration_seconds_bucket", view="healthz", le="+Inf") == start + 3


def test_the_gauges_report_the_outbox_the_tasks_and_the_dvcqg_lag(client, settings, django_capture_on_commit_callbacks):
    from dossiers.factories import DossierFactory
    from egov.events.models import OutboxEvent
    from egov.integrations.dvcqg.models import SyncMessage
    from events import crash_handlers
    from events.helpers import publish_now

    settings.METRICS_TOKEN = TOKEN
    families = _scrape(client)
    assert _value(families, "egov_outbox_deliveries", status="pending") == 0
    assert _value(families, "egov_outbox_oldest_pending_age_seconds") == 0
    assert _value(families, "egov_dvcqg_sync_lag_seconds") == 0

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):  # the commit queues the dispatch task
        event = publish_now(crash_handlers.TOPIC)
    OutboxEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    dossier = DossierFactory()
    SyncMessage.objects.create(
        dossier=dossier, seq=1, service=SyncMessage.Service.DOSSIER, topic="dossier.received",
        event_at=timezone.now() - timedelta(minutes=30),
    )  # fmt: skip
    families = _scrape(client)
    assert _value(families, "egov_outbox_deliveries", status="pending") >= 1
    assert _value(families, "egov_outbox_oldest_pending_age_seconds") >= 600
    assert _value(families, "egov_tasks", status="ready") >= 1
    assert _value(families, "egov_dvcqg_sync_messages", state="pending") == 1
    assert _value(families, "egov_dvcqg_sync_lag_seconds") >= 1800


def test_database_connections_on_postgresql(client, settings, is_postgres):
    if not is_postgres:
        pytest.skip("pg_stat_activity: PostgreSQL only (no connection gauge on SQLite)")
    settings.METRICS_TOKEN = TOKEN
    families = _scrape(client)
    assert sum(s.value for s in families["egov_db_connections"].samples) >= 1
    assert _value(families, "egov_db_max_connections") > 0


@pytest.mark.django_db(transaction=True)
def test_egov_serve_adds_up_every_workers_histogram(tmp_path):
    """Two gunicorn workers (multiprocess mode set up by ``egov serve``): 20 requests, whichever worker answered,
    are all in the scrape, whichever worker answers it."""
    env = child_env(tmp_path, EGOV_METRICS_TOKEN=TOKEN, EGOV_SERVE_WORKERS=2, EGOV_SERVE_THREADS=1)
    with served(env, 18510, tmp_path / "serve.log") as base:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        sample = "egov_http_request_duration_seconds_count"

        def healthz_count() -> float:
            text = requests.get(f"{base}/metrics", headers=auth, timeout=30).text
            value = _value(_families(text), "egov_http_request_duration_seconds", sample, view="healthz")
            return value or 0

        start = healthz_count()
        with requests.Session() as session:  # keep-alive off in gunicorn: each request may go to either worker
            for _ in range(20):
                assert session.get(f"{base}/healthz", timeout=30).status_code == 200
        assert healthz_count() == start + 20
        assert requests.get(f"{base}/metrics", timeout=30).status_code == 403
    assert list((tmp_path / "var" / "metrics" / "127.0.0.1_18510").glob("histogram_*.db"))
