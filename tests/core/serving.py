"""Helpers for the scale-out tests: Redis on loopback, and real ``egov serve`` processes on the test database."""

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")
# Redis database 5 of the local server unless EGOV_TEST_REDIS_URL names another (keys carry a per-test prefix).
TEST_REDIS_URL = os.environ.get("EGOV_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def redis_or_skip(url: str = TEST_REDIS_URL):
    """A client of the test Redis, or the test is skipped saying why."""
    redis = pytest.importorskip("redis", reason="the redis package is not installed (pip install -e '.[test]')")
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {url}: {exc}")
    return client


def redis_cache_settings(prefix: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        },
        "portal": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"},
    }


def unique_prefix() -> str:
    return f"egov-test-{uuid.uuid4().hex[:12]}"


def forget_prefix(client, prefix: str) -> None:
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def child_env(tmp_path, **extra) -> dict[str, str]:
    """The environment of a child ``egov`` process on this test's database (no EGOV_* of the caller's)."""
    from events.helpers import child_database_url

    env = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "DJANGO_", "PROMETHEUS_"))}
    env.update(
        PYTHONPATH=SRC,
        PYTHONUNBUFFERED="1",
        DATABASE_URL=child_database_url(),
        EGOV_VAR_DIR=str(tmp_path / "var"),
        EGOV_SECRET_KEY="test-scaleout-" + "x" * 40,
        EGOV_SERVE_WORKERS="1",
        EGOV_SERVE_THREADS="2",
        EGOV_READYZ_WORKER_MAX_AGE="0",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


@contextmanager
def served(env: dict[str, str], port: int, log: Path, timeout: float = 90):
    """``egov serve`` on 127.0.0.1:``port`` until the block ends; yields its base URL once /healthz answers."""
    with log.open("w+") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "egov", "serve", "--bind", f"127.0.0.1:{port}"], env=env, stdout=out, stderr=out
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while True:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, f"egov serve did not answer within {timeout} s\n{log.read_text()}"
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=30)
                    break
                except OSError:
                    try:  # not ready yet: wait on the process itself (returns at once if it died)
                        server.wait(timeout=0.2)
                    except subprocess.TimeoutExpired:
                        pass
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
