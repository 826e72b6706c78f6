"""The read replica (issue 16): egov.core.replica's router, the ``@replica_reads`` views, the fallbacks.

Two kinds of test:
- always: a second alias ``replica`` on the test database itself (SQLite or PostgreSQL), so that which alias ran
  a query can be seen (``CaptureQueriesContext``), and broken on purpose to show the fallback;
- with ``EGOV_TEST_REPLICA_URL`` (``.ci/replica`` makes a real streaming replica on port 5433): the same pages
  read from a real hot standby, a paused replay (lag) and a stopped replica fall back to the primary.
"""

import copy
import os
import shutil
import subprocess
import time

import dj_database_url
import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.core import replica
from egov.core.replica import REPLICA, replica_reads
from egov.procedures.models import Procedure, Sector
from factories import AgencyFactory


class ReplicaSlot:
    """Adds the ``replica`` alias for one test (settings are read once at start, so tests add it at run time).

    The alias is declared to the test case (``databases``) and marked as a test mirror of ``default``, so the
    test may use it and the transactional test's flush leaves it alone.
    """

    def __init__(self, request):
        self.request = request

    def add(self, settings_dict):
        conf = copy.deepcopy(settings_dict)
        conf["TEST"] = {"MIRROR": DEFAULT_DB_ALIAS}
        default = connections[DEFAULT_DB_ALIAS].settings_dict
        connections.settings[REPLICA] = connections.configure_settings({DEFAULT_DB_ALIAS: default, REPLICA: conf})[
            REPLICA
        ]
        replica.reset()
        self.request.node.add_marker(pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA]))
        self.request.getfixturevalue("_django_db_helper")
        return connections[REPLICA]

    def remove(self):
        if REPLICA in connections.settings:
            connections[REPLICA].close()
            del connections[REPLICA]
            del connections.settings[REPLICA]
        replica.reset()


@pytest.fixture
def replica_slot(request):
    slot = ReplicaSlot(request)
    yield slot
    slot.remove()  # after the test case's own teardown (which still looks the alias up)


def _reads(queries, table="agencies_agency") -> list[str]:
    return [q["sql"] for q in queries if table in q["sql"] and "pg_is_in_recovery" not in q["sql"]]


def _break(alias_connection):
    """Point the alias at nothing: the next connection attempt fails."""
    alias_connection.close()
    if alias_connection.vendor == "sqlite":
        alias_connection.settings_dict["NAME"] = "/nonexistent-egov-dir/replica.sqlite3"
    else:
        alias_connection.settings_dict.update(HOST="127.0.0.1", PORT="9")  # discard port: refused at once


@replica_reads
def probe_view(request, action):
    """A marked view whose body the test chooses."""
    return HttpResponse(action(request))


# --- Always: a second alias on the test database ------------------------------------------------------------


@pytest.fixture
def twin(replica_slot):
    """``replica`` = a second connection to the test database (committed rows, since the test is transactional)."""
    return replica_slot.add(connections[DEFAULT_DB_ALIAS].settings_dict)


def test_without_a_replica_nothing_changes(db, client):
    assert REPLICA not in connections.settings
    assert router.db_for_read(Procedure) == DEFAULT_DB_ALIAS
    assert client.get(reverse("agencies:directory")).status_code == 200


def test_the_replica_is_never_migrated():
    assert router.allow_migrate(REPLICA, "procedures") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "procedures") is True


def test_the_health_check_is_kept_and_a_lagging_replica_is_left_out(settings, monkeypatch):
    settings.REPLICA_MAX_LAG = 30
    calls = []
    lag = {"seconds": 31.0}
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "replica_lag", lambda alias=REPLICA: calls.append(alias) or lag["seconds"])
    replica.reset()
    for _ in range(3):
        assert replica.status() == (False, "lag 31.000 s > 30 s")
    assert calls == [REPLICA]  # checked once, then kept for CHECK_SECONDS ...
    lag["seconds"] = 2.0
    assert replica.status(fresh=True) == (True, "lag 2.000 s")  # ... or until asked afresh
    replica.reset()


def test_marked_pages_read_from_the_replica_and_others_from_the_primary(twin, client, monkeypatch):
    AgencyFactory(name="Sở đọc từ bản sao")
    url = reverse("agencies:directory")
    with CaptureQueriesContext(twin) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(url)
    assert response.status_code == 200 and "Sở đọc từ bản sao" in response.text
    assert _reads(on_replica.captured_queries)  # the list came from the replica
    assert not _reads(on_primary.captured_queries)
    with CaptureQueriesContext(twin) as on_replica:  # the public statistics are marked too
        assert client.get(reverse("services_portal:statistics")).status_code == 200
    assert on_replica.captured_queries
    for name in ("services_portal:track", "services_portal:catalogue"):  # not marked
        with CaptureQueriesContext(twin) as on_replica:
            assert client.get(reverse(name)).status_code == 200
        assert on_replica.captured_queries == [], name

    monkeypatch.setattr(replica, "replica_lag", lambda alias=REPLICA: 10_000.0)  # far behind: left out
    replica.reset()
    with CaptureQueriesContext(twin) as on_replica:
        assert "Sở đọc từ bản sao" in client.get(url).text
    assert on_replica.captured_queries == []


def test_writes_inside_transactions_and_posts_stay_on_the_primary(twin):
    seen = []

    def write_then_read(request):
        seen.append(router.db_for_read(Sector))
        seen.append(router.db_for_write(Sector))
        Sector.objects.create(code="LV-GHI", name="Ghi trên máy chính")
        seen.append(router.db_for_read(Sector))  # the user's own write: the rest of the request reads the primary
        return Sector.objects.get(code="LV-GHI").name

    with CaptureQueriesContext(twin) as on_replica:
        response = probe_view(RequestFactory().get("/"), write_then_read)
    assert response.content.decode() == "Ghi trên máy chính"
    assert seen == [REPLICA, DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]
    assert not [q for q in on_replica.captured_queries if "procedures_sector" in q["sql"]]

    seen.clear()

    def read_in_transaction(request):
        seen.append(router.db_for_read(Sector))
        with transaction.atomic():
            seen.append(router.db_for_read(Sector))
        return ""

    probe_view(RequestFactory().get("/"), read_in_transaction)
    probe_view(RequestFactory().post("/"), read_in_transaction)
    assert seen == [REPLICA, DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]


def test_a_replica_that_goes_down_leaves_the_pages_on_the_primary(twin, client):
    AgencyFactory(name="Sở khi bản sao hỏng")
    url = reverse("agencies:directory")
    assert replica.status()[0]  # checked and kept as healthy for CHECK_SECONDS ...
    _break(twin)  # ... then it goes away before the page's first query: the view runs again on the primary
    response = client.get(url)
    assert response.status_code == 200 and "Sở khi bản sao hỏng" in response.text
    ok, why = replica.status()
    assert not ok and why.startswith("down")
    replica.reset()  # checked afresh: down, so the page goes to the primary from the start
    with CaptureQueriesContext(connections["default"]) as on_primary:
        assert "Sở khi bản sao hỏng" in client.get(url).text
    assert _reads(on_primary.captured_queries) and not replica.status()[0]


# --- With a real streaming replica (EGOV_TEST_REPLICA_URL, made by .ci/replica) ------------------------------

REPLICA_URL = os.environ.get("EGOV_TEST_REPLICA_URL", "")
REPLICA_CLUSTER = os.environ.get("EGOV_TEST_REPLICA_CLUSTER", "")  # "15 egov_replica": the test may stop it
real = pytest.mark.skipif(
    not REPLICA_URL, reason="EGOV_TEST_REPLICA_URL is not set (.ci/replica makes a streaming replica)"
)


def _scalar(conn, sql):
    with conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _wait(condition, what, seconds=20.0):
    """Poll a condition of the replica (replication is asynchronous); fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _replayed(standby) -> bool:
    target = _scalar(connections["default"], "SELECT pg_current_wal_lsn()")
    return _scalar(standby, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")


@pytest.fixture
def standby(replica_slot):
    if connections["default"].vendor != "postgresql":
        pytest.skip("the real replica tests need DATABASE_URL on PostgreSQL")
    conf = dj_database_url.parse(REPLICA_URL, conn_max_age=0, conn_health_checks=True)
    conf["NAME"] = connections["default"].settings_dict["NAME"]  # the test database, as streamed to the replica
    conf.setdefault("OPTIONS", {})["connect_timeout"] = 3
    conn = replica_slot.add(conf)
    _wait(lambda: _can_connect(conn), "the test database on the replica")
    assert _scalar(conn, "SELECT pg_is_in_recovery()") is True
    yield conn
    if _can_connect(conn):
        _scalar(conn, "SELECT pg_wal_replay_resume() IS NULL")


def _can_connect(conn) -> bool:
    try:
        conn.ensure_connection()
        return True
    except Exception:
        conn.close()
        return False


@real
def test_real_replica_serves_the_marked_page(standby, client):
    AgencyFactory(name="Sở trên bản sao thật")
    _wait(lambda: _replayed(standby), "replay")
    with CaptureQueriesContext(standby) as on_replica:
        response = client.get(reverse("agencies:directory"))
    assert "Sở trên bản sao thật" in response.text
    assert _reads(on_replica.captured_queries)
    with pytest.raises(Exception, match="read-only"):  # it is a standby: it refuses writes
        with standby.cursor() as cursor:
            cursor.execute("CREATE TABLE egov_replica_probe (x int)")


@real
def test_real_replica_lag_falls_back_to_the_primary(standby, client, settings):
    AgencyFactory(name="Sở đã sao")
    _wait(lambda: _replayed(standby), "replay")
    _scalar(standby, "SELECT pg_wal_replay_pause() IS NULL")
    AgencyFactory(name="Sở chưa sao")  # committed on the primary, received but not replayed
    target = _scalar(connections["default"], "SELECT pg_current_wal_lsn()")
    _wait(lambda: _scalar(standby, f"SELECT pg_last_wal_receive_lsn() >= '{target}'::pg_lsn"), "WAL receipt")
    assert not _replayed(standby)

    settings.REPLICA_MAX_LAG = 3600  # tolerated: the page is read from the paused replica, without the new row
    replica.reset()
    with CaptureQueriesContext(standby) as on_replica:
        text = client.get(reverse("agencies:directory")).text
    assert "Sở đã sao" in text and "Sở chưa sao" not in text and _reads(on_replica.captured_queries)

    settings.REPLICA_MAX_LAG = 0  # any lag is too much: the primary serves the page, with the new row
    replica.reset()
    with CaptureQueriesContext(standby) as on_replica:
        text = client.get(reverse("agencies:directory")).text
    assert "Sở chưa sao" in text and not _reads(on_replica.captured_queries)
    ok, why = replica.status()
    assert not ok and why.startswith("lag")

    # A write inside a marked view goes to the primary, and the view then reads its own write there.
    settings.REPLICA_MAX_LAG = 3600
    replica.reset()

    def action(request):
        assert Sector.objects.filter(code="LV-SAO").count() == 0  # read from the paused replica
        Sector.objects.create(code="LV-SAO", name="Lĩnh vực ghi lúc bản sao dừng")
        return Sector.objects.get(code="LV-SAO").name

    assert probe_view(RequestFactory().get("/"), action).content.decode() == "Lĩnh vực ghi lúc bản sao dừng"
    _scalar(standby, "SELECT pg_wal_replay_resume() IS NULL")
    _wait(lambda: _replayed(standby), "replay after resume")


@real
@pytest.mark.skipif(not REPLICA_CLUSTER, reason="EGOV_TEST_REPLICA_CLUSTER is not set: the replica is not ours to stop")
@pytest.mark.skipif(not shutil.which("pg_ctlcluster"), reason="pg_ctlcluster not found")
def test_real_replica_stopped_falls_back_to_the_primary(standby, client):
    AgencyFactory(name="Sở khi bản sao dừng")
    _wait(lambda: _replayed(standby), "replay")
    with CaptureQueriesContext(standby) as on_replica:
        assert "Sở khi bản sao dừng" in client.get(reverse("agencies:directory")).text
    assert _reads(on_replica.captured_queries) and replica.status()[0]  # healthy, and its connection is open
    version, name = REPLICA_CLUSTER.split()
    ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]
    subprocess.run([*ctl, "stop", "-m", "fast"], check=True, capture_output=True, timeout=60)
    try:
        response = client.get(reverse("agencies:directory"))  # the kept "healthy": fails, runs again
        assert response.status_code == 200 and "Sở khi bản sao dừng" in response.text
        ok, why = replica.status()
        assert not ok and why.startswith("down")
        replica.reset()
        assert "Sở khi bản sao dừng" in client.get(reverse("agencies:directory")).text
    finally:
        subprocess.run([*ctl, "start"], check=True, capture_output=True, timeout=60)
        _wait(lambda: _can_connect(standby), "the replica to start again", seconds=60)
