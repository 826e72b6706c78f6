import pytest


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_healthz_503_when_database_fails(client, monkeypatch):
    from egov.core import health

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "error", "error": "database is down"}


def test_request_id_kept_when_valid(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] != "bad id with spaces"


def test_vietnamese_first_whatever_the_browser_says(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    client.cookies["django_language"] = "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="vi")["Content-Language"] == "en"


@pytest.mark.django_db(transaction=True)
def test_readyz_ok_with_a_fresh_worker_heartbeat(client, settings, tmp_path):
    from egov.events.worker import Worker

    settings.MEDIA_ROOT = tmp_path
    Worker(worker_id="test-worker").run_once()  # the worker beats each round
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "storage", "migrations", "worker"}
    assert 0 <= body["checks"]["worker"]["age_seconds"] < 60
    assert not (tmp_path / "readyz").exists() or not list((tmp_path / "readyz").iterdir())  # probe file removed


@pytest.mark.django_db
def test_readyz_503_names_a_stale_or_missing_worker(client, settings, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from egov.events.models import WorkerHeartbeat

    settings.MEDIA_ROOT = tmp_path
    settings.READYZ_WORKER_MAX_AGE = 300
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["worker"]
    assert "no worker" in response.json()["checks"]["worker"]["error"]
    WorkerHeartbeat.objects.create(worker_id="old", seen_at=timezone.now() - timedelta(seconds=301))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["worker"]
    settings.READYZ_WORKER_MAX_AGE = 0  # not checked
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_503_names_cache_storage_and_migrations(client, settings, tmp_path, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    from egov.core import health

    settings.MEDIA_ROOT = tmp_path
    settings.READYZ_WORKER_MAX_AGE = 0
    monkeypatch.setattr(health.cache, "get", lambda *a, **k: None)

    def refuse(*args, **kwargs):
        raise OSError("read-only file system")

    monkeypatch.setattr(health.default_storage, "save", refuse)
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(
        MigrationExecutor,
        "migration_plan",
        lambda self, targets: [(type("M", (), {"app_label": "dossiers", "name": "0099_new"})(), False)],
    )
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["cache", "storage", "migrations"]
    assert "read-only file system" in body["checks"]["storage"]["error"]
    assert "dossiers.0099_new" in body["checks"]["migrations"]["error"]
