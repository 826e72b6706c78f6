"""Helpers for the audit tests: records are only ever written through the service."""

from django.db import transaction

from egov.audit import services


def make_records(count: int, *, actor=None, action: str = "test.changed", target=None, agency=None, **kwargs):
    with transaction.atomic():
        return [
            services.record(actor=actor, action=action, target=target, agency=agency, summary=f"#{n}", **kwargs)
            for n in range(count)
        ]
