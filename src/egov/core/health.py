"""``GET /healthz`` (liveness: the process answers and reaches its database) and ``GET /readyz`` (readiness:
database, cache, storage, migrations applied, worker heartbeat age, and Redis when ``EGOV_REDIS_URL`` is set), JSON,
200 or 503 naming the failing check."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone

from egov import __version__


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not ready"; the message says which
        return {"status": "error", "error": str(exc)[:200]}
    return {
        "status": "ok",
        "vendor": connection.vendor,
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }


def healthz(request):
    checks = {"database": _check_database()}
    ok = all(check["status"] == "ok" for check in checks.values())
    body = {"status": "ok" if ok else "error", "version": __version__, "checks": checks}
    return JsonResponse(body, status=200 if ok else 503)


def _checked(check) -> dict:
    started = time.perf_counter()
    try:
        result = check() or {}
    except Exception as exc:  # any failure means "not ready"; the message says which
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:200]}
    return {"status": "ok", **result, "ms": round((time.perf_counter() - started) * 1000, 2)}


def _cache() -> None:
    key, value = f"egov:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)


def _storage() -> None:
    content = uuid.uuid4().hex.encode()
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(content))
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != content:
                raise RuntimeError("the storage did not return what was written")
    finally:
        default_storage.delete(name)


def _redis() -> dict:
    """PING and the server's version through the shared cache's connection pool (``EGOV_REDIS_URL``)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
    else:  # EGOV_REDIS_URL set but the default cache overridden: ask the server itself
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    if not client.ping():
        raise RuntimeError("Redis did not answer PING")
    return {"version": client.info("server").get("redis_version", "")}


_migrations_applied = False  # once true in this process it stays true: new migrations come with a restart


def _migrations() -> dict:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan[:5])
            raise RuntimeError(f"{len(plan)} migration(s) not applied: {names}")
        _migrations_applied = True
    return {}


def _worker() -> dict:
    from egov.events.models import WorkerHeartbeat

    max_age = settings.READYZ_WORKER_MAX_AGE
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if last is None:
        if max_age:
            raise RuntimeError("no worker has ever run (egov worker)")
        return {"age_seconds": None}
    age = round((timezone.now() - last).total_seconds(), 1)
    if max_age and age > max_age:
        raise RuntimeError(f"the freshest worker heartbeat is {age} s old (limit {max_age} s)")
    return {"age_seconds": age}


def readyz(request):
    checks = {
        "database": _check_database(),
        "cache": _checked(_cache),
        "storage": _checked(_storage),
        "migrations": _checked(_migrations),
        "worker": _checked(_worker),
    }
    if getattr(settings, "REDIS_URL", ""):
        checks["redis"] = _checked(_redis)
    failing = [name for name, check in checks.items() if check["status"] != "ok"]
    body = {"status": "error" if failing else "ok", "failing": failing, "version": __version__, "checks": checks}
    return JsonResponse(body, status=503 if failing else 200)


def check_scaleout_settings(app_configs=None, **kwargs):
    """System check (``egov check``, server start): the scale-out settings can work as set."""
    import importlib.util
    import ipaddress

    from django.core import checks

    problems = []
    if getattr(settings, "REDIS_URL", "") and importlib.util.find_spec("redis") is None:
        problems.append(
            checks.Error(
                "EGOV_REDIS_URL is set but the redis package is not installed.",
                hint="pip install 'egov[redis]'",
                id="egov.E110",
            )
        )
    if getattr(settings, "S3_DOWNLOADS", "stream") not in {"stream", "redirect"}:
        problems.append(checks.Error("EGOV_S3_DOWNLOADS must be 'stream' or 'redirect'.", id="egov.E111"))
    for item in getattr(settings, "METRICS_ALLOW", []):
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            problems.append(
                checks.Error(f"EGOV_METRICS_ALLOW: {item!r} is not an address or a network.", id="egov.E112")
            )
    if getattr(settings, "STATIC_HASHED", False) and not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        problems.append(
            checks.Warning(  # a warning: `egov migrate` runs before `egov collectstatic`; `egov serve` refuses
                "EGOV_STATIC_HASHED is set but the static files have not been collected.",
                hint="egov collectstatic --noinput",
                id="egov.W113",
            )
        )
    return problems
