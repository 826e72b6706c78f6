"""``GET /healthz``: liveness and readiness in one JSON answer, for load balancers and monitoring."""

import time

from django.db import connection
from django.http import JsonResponse

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
