"""Heavy read-only pages may read from a PostgreSQL streaming replica (``EGOV_DATABASE_REPLICA_URL``, issue 16).

Nothing goes to the replica unless a view asks for it with ``@replica_reads``; then, for that view only, a read
goes to the ``replica`` alias when all of these hold (``ReplicaRouter.db_for_read``):

- the request is a GET or HEAD;
- the primary connection is not inside a transaction (``atomic``): a read that belongs to a write stays with it;
- nothing has been written in this view so far: the first write (any ``db_for_write``) pins the rest of the
  request to the primary, so a user reads their own write;
- the replica answers and lags at most ``EGOV_REPLICA_MAX_LAG`` seconds (``now() -
  pg_last_xact_replay_timestamp()``, 0 while it has replayed all it received); checked at most every
  ``CHECK_SECONDS`` per process, the answer kept in between.

Writes always go to the primary and nothing is migrated on the replica. Who is signed in (session, user) is read
from the primary before the view starts. A replica that fails in the middle of a marked view (stopped, restarted):
the view runs again, on the primary (it only reads), and the replica is left out until the next check.
"""

import contextvars
import functools
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections

REPLICA = "replica"
CHECK_SECONDS = 5.0  # how long one answer of the health/lag check is kept (per process)
READ_METHODS = frozenset({"GET", "HEAD"})

# Lag in seconds: 0 on a server that is not a standby, 0 while everything received has been replayed (an idle
# primary sends nothing, so the last replayed commit may be old and still current), else the age of the last
# replayed commit (unknown: counted as very late).
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
END
"""


@dataclass
class _Scope:
    wrote: bool = False  # something was written: the rest of the request reads the primary
    used: bool = False  # at least one read went to the replica


_scope: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("egov_replica_scope", default=None)
_health_lock = threading.Lock()
_health = {"at": float("-inf"), "ok": False, "why": "not checked"}


def configured() -> bool:
    return REPLICA in connections.settings


def replica_lag(alias: str = REPLICA) -> float:
    """Seconds the replica is behind (0 on other databases than PostgreSQL: only the connection is checked)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        connection.ensure_connection()
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def _probe() -> tuple[bool, str]:
    try:
        lag = replica_lag()
    except Error as exc:
        try:
            connections[REPLICA].close()  # the next check connects afresh
        except Error:
            pass
        return False, f"down: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}"
    max_lag = float(getattr(settings, "REPLICA_MAX_LAG", 30))
    if lag > max_lag:
        return False, f"lag {lag:.3f} s > {max_lag:g} s"
    return True, f"lag {lag:.3f} s"


def status(*, fresh: bool = False) -> tuple[bool, str]:
    """(usable, why) of the replica, from the last check unless it is older than CHECK_SECONDS or ``fresh``."""
    if not configured():
        return False, "not configured"
    with _health_lock:
        if not fresh and time.monotonic() - _health["at"] < CHECK_SECONDS:
            return _health["ok"], _health["why"]
    ok, why = _probe()
    with _health_lock:
        _health.update(at=time.monotonic(), ok=ok, why=why)
    return ok, why


def reset() -> None:
    """Forget the last check (tests; a changed setting)."""
    with _health_lock:
        _health.update(at=float("-inf"), ok=False, why="not checked")


class ReplicaRouter:
    """Reads of ``@replica_reads`` views to the replica when it is safe and healthy; everything else as before."""

    def db_for_read(self, model, **hints):
        scope = _scope.get()
        if scope is None or scope.wrote or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        if not status()[0]:
            return None
        scope.used = True
        return REPLICA

    def db_for_write(self, model, **hints):
        scope = _scope.get()
        if scope is not None:
            scope.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects read from either may be related.
        same = {DEFAULT_DB_ALIAS, REPLICA}
        return True if obj1._state.db in same and obj2._state.db in same else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


def replica_reads(view):
    """Mark a read-only view (GET/HEAD) whose reads may go to the replica (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if _scope.get() is not None or request.method not in READ_METHODS or not configured():
            return view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 -- loads the session and the user from the primary, before the scope
        scope = _Scope()
        token = _scope.set(scope)
        try:
            return view(request, *args, **kwargs)
        except Error:
            # A replica that went away under us: run the view again on the primary (it only reads).
            if not scope.used or scope.wrote or status(fresh=True)[0]:
                raise
        finally:
            _scope.reset(token)
        return view(request, *args, **kwargs)

    wrapper.replica_reads = True
    return wrapper
