"""Stateless web nodes (issue 16): with EGOV_REDIS_URL the throttle counters, the cache and the sessions are shared
by every web process — tested against the local Redis (database 5), skipped with a reason when it is not there."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core.cache.backends.redis import RedisCache

from core.serving import (
    TEST_REDIS_URL,
    child_env,
    forget_prefix,
    redis_cache_settings,
    redis_or_skip,
    served,
    unique_prefix,
)
from egov.core import throttle


@pytest.fixture
def redis_client():
    return redis_or_skip()


@pytest.fixture
def prefix(redis_client):
    prefix = unique_prefix()
    yield prefix
    forget_prefix(redis_client, prefix)


@pytest.fixture
def redis_settings(settings, prefix):
    settings.CACHES = redis_cache_settings(prefix)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.REDIS_URL = TEST_REDIS_URL
    return settings


def _client(prefix: str) -> RedisCache:
    """A Django cache client of its own (own connection pool), as another web process would have."""
    return RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": prefix})


def test_two_cache_clients_share_one_atomic_counter_with_an_expiry(prefix, redis_client):
    """Two clients × 4 threads × 50 requests for one address, limit 100: exactly 100 are let through."""
    clients = [_client(prefix), _client(prefix)]
    start = threading.Barrier(8)

    def burst(n: int) -> int:
        backend = clients[n % 2]
        start.wait(timeout=30)
        return sum(throttle.count("ipn:203.0.113.7", 60, backend) <= 100 for _ in range(50))

    with ThreadPoolExecutor(8) as pool:
        allowed = sum(pool.map(burst, range(8)))
    assert allowed == 100
    key = clients[0].make_and_validate_key(throttle.PREFIX + "ipn:203.0.113.7")
    assert int(redis_client.get(key)) == 400
    assert 0 < redis_client.ttl(key) <= 60  # the window ends: never a counter without an expiry


def test_a_window_starts_again_once_the_key_has_expired(prefix, redis_client):
    backend = _client(prefix)
    assert throttle.count("k", 60, backend) == 1 and throttle.count("k", 60, backend) == 2
    redis_client.delete(backend.make_and_validate_key(throttle.PREFIX + "k"))  # as if the window ended
    assert throttle.count("k", 60, backend) == 1


@pytest.mark.django_db
def test_the_drf_throttle_counts_on_the_shared_counter(redis_settings, client, prefix):
    """The public status API's throttle (60/min) is the same atomic counter, per address."""
    from django.core.cache import cache

    key = cache.make_and_validate_key(throttle.PREFIX + "drf:public_dossier:203.0.113.9")
    other_process = _client(prefix)
    for _ in range(59):
        throttle.count("drf:public_dossier:203.0.113.9", 60, other_process)
    url = "/api/v1/public/dossiers/X-1?last_digits=1234"
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code != 429  # the 60th
    refused = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert int(other_process._cache.get_client(key).get(key)) == 61
    assert client.get(url, REMOTE_ADDR="198.51.100.2").status_code != 429


@pytest.mark.django_db
def test_readyz_checks_redis_when_configured(redis_settings, client):
    redis_settings.READYZ_WORKER_MAX_AGE = 0
    body = client.get("/readyz").json()
    assert body["checks"]["redis"]["status"] == "ok" and body["checks"]["redis"]["version"]
    assert body["failing"] == []


@pytest.mark.django_db
def test_readyz_503_names_redis_when_it_does_not_answer(settings, client):
    settings.READYZ_WORKER_MAX_AGE = 0
    settings.REDIS_URL = "redis://127.0.0.1:18599/5"  # nothing listens there
    settings.CACHES = redis_cache_settings("unused") | {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert {"redis", "cache"} <= set(response.json()["failing"])
    assert "ConnectionError" in response.json()["checks"]["redis"]["error"]


def test_without_redis_url_there_is_no_redis_check(settings):
    from egov.core import health

    settings.REDIS_URL = ""
    assert "redis" not in health.readyz(None).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_web_processes_share_sessions_and_the_per_address_limit(settings, tmp_path, prefix, redis_client):
    """Two ``egov serve`` processes on one database and one Redis: a session opened on the first is valid on the
    second, and an address gets PAYMENT_RATE_LIMIT IPN calls in all, not per process."""
    from factories import StaffUserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the servers use
    staff = StaffUserFactory()
    env = child_env(tmp_path, EGOV_REDIS_URL=TEST_REDIS_URL, EGOV_REDIS_KEY_PREFIX=prefix, EGOV_PAYMENT_RATE_LIMIT=3)
    with served(env, 18500, tmp_path / "a.log") as first, served(env, 18501, tmp_path / "b.log") as second:
        browser = requests.Session()
        browser.get(f"{first}/dang-nhap/", timeout=30)
        signed_in = browser.post(
            f"{first}/dang-nhap/",
            data={
                "username": staff.username,
                "password": "Mat-khau-2026",
                "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            },
            allow_redirects=False,
            timeout=30,
        )
        assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/ban-lam-viec/", signed_in.text
        session_key = browser.cookies["sessionid"]
        assert redis_client.exists(f"{prefix}:1:django.contrib.sessions.cached_db{session_key}")
        on_second = browser.get(f"{second}/ban-lam-viec/", allow_redirects=False, timeout=30)
        assert on_second.status_code == 200 and staff.full_name in on_second.text

        ipn = "/thanh-toan/ipn/vnpay/"
        codes = [requests.post(f"{base}{ipn}", data={"vnp_TxnRef": "X"}, timeout=30).status_code for base in
                 (first, second, first, second, first)]  # fmt: skip
        assert codes == [200, 200, 200, 429, 429]


def test_the_system_check_names_impossible_scale_out_settings(settings, monkeypatch):
    import importlib.util

    from egov.core.health import check_scaleout_settings

    assert check_scaleout_settings() == []
    settings.REDIS_URL, settings.S3_DOWNLOADS, settings.METRICS_ALLOW = TEST_REDIS_URL, "presign", ["10.0.0.0/8", "x"]
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "redis" else real_find_spec(name))
    assert [problem.id for problem in check_scaleout_settings()] == ["egov.E110", "egov.E111", "egov.E112"]
