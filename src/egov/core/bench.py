"""Benchmark scenarios of the shared foundation (see ``egov.core.benchmarking``)."""

from django.db import connection
from django.test import Client

from .benchmarking import BenchContext, Measurement, scenario


@scenario("healthz", unit="req/s", baseline="bare SELECT 1")
def healthz(ctx: BenchContext) -> Measurement:
    """GET /healthz through the whole middleware stack, against the database round trip it makes."""
    client = Client()
    n = ctx.n(2000)
    client.get("/healthz")  # warm up

    def requests():
        for _ in range(n):
            client.get("/healthz")

    def bare():
        with connection.cursor() as cursor:
            for _ in range(n):
                cursor.execute("SELECT 1")
                cursor.fetchone()

    return Measurement(measured=n / ctx.timed(requests), baseline=n / ctx.timed(bare))
