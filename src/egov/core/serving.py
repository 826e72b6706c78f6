"""``egov serve``: gunicorn (gthread workers) with egov's defaults, and its JSON access log.

Kept in one place so the command, the documentation (docs/deployment.md) and the tests agree on the defaults.
"""

import datetime
import json
import os

from gunicorn.glogging import Logger

DEFAULT_THREADS = 4
DEFAULT_CONN_MAX_AGE = "600"  # seconds; persistent connections, checked before reuse (CONN_HEALTH_CHECKS)


def default_workers(cpu_count: int | None = None) -> int:
    """gthread workers: one process per core plus one (a worker blocked on I/O still leaves a core busy);
    each process runs ``threads`` request threads."""
    return (cpu_count or os.cpu_count() or 1) + 1


def gunicorn_argv(environ: dict[str, str], bind: str | None = None) -> list[str]:
    """The gunicorn command line for ``egov serve`` from EGOV_SERVE_* (``--bind`` overrides EGOV_SERVE_BIND)."""
    workers = int(environ.get("EGOV_SERVE_WORKERS") or default_workers())
    threads = int(environ.get("EGOV_SERVE_THREADS") or DEFAULT_THREADS)
    return [
        "gunicorn",
        "egov.wsgi:application",
        f"--bind={bind or environ.get('EGOV_SERVE_BIND') or '127.0.0.1:8000'}",
        "--worker-class=gthread",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--timeout={environ.get('EGOV_SERVE_TIMEOUT') or 60}",
        "--graceful-timeout=30",
        "--access-logfile=-",
        "--error-logfile=-",
        "--logger-class=egov.core.serving.JsonAccessLogger",
        "--forwarded-allow-ips=" + (environ.get("EGOV_SERVE_FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"),
    ]


class JsonAccessLogger(Logger):
    """One JSON object per request on the access log, with the request id the app put on the response
    (``RequestIdMiddleware``: the proxy's ``X-Request-ID`` or a new one)."""

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict or self.cfg.syslog):
            return
        headers = {name.lower(): value for name, value in (resp.headers or [])}
        record = {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "request_id": headers.get("x-request-id", ""),
            "method": environ.get("REQUEST_METHOD", ""),
            "path": environ.get("PATH_INFO", ""),
            "query": environ.get("QUERY_STRING", ""),
            "status": int(str(resp.status).split(None, 1)[0]) if resp.status else None,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "remote_addr": environ.get("REMOTE_ADDR", ""),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
            "user_agent": environ.get("HTTP_USER_AGENT", "")[:200],
            "pid": os.getpid(),
        }
        try:
            self.access_log.info(json.dumps(record, ensure_ascii=False))
        except Exception:  # never let logging break a response; gunicorn's own logger does the same
            self.error("Failed to write the access log line")
