"""Bulk import of audit records (``egov audit import``): migrating the log of an older system, seeding benchmarks.

Each record gets its content hash as ``record()`` would give it; the records are appended in batches (COPY on
PostgreSQL, ``bulk_create`` elsewhere) and sealed by the next seal run, like any other record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import islice

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils.dateparse import parse_datetime

from .chain import compute_hash, normalise_json
from .models import AuditRecord
from .services import ACTION_RE

TEXT_FIELDS = ("actor_display", "object_type", "object_id", "object_display", "summary", "request_id")
COLUMNS = ("at", "actor_id", "agency_id", "action", *TEXT_FIELDS, "before", "after", "seq", "prev_hash", "hash")


def _entry(row: dict) -> AuditRecord:
    at = row["at"]
    if not isinstance(at, datetime):
        at = parse_datetime(at)
    if at is None or at.tzinfo is None:
        raise ValueError(f"'at' must be an ISO time with its offset: {row['at']!r}")
    action = row["action"]
    if not isinstance(action, str) or len(action) > 64 or not ACTION_RE.match(action):
        raise ValueError(f"Invalid audit action code: {action!r}")
    entry = AuditRecord(
        at=at,
        actor_id=row.get("actor_id"),
        agency_id=row.get("agency_id"),
        action=action,
        before=normalise_json(row.get("before")),
        after=normalise_json(row.get("after")),
        **{name: str(row.get(name) or "") for name in TEXT_FIELDS},
    )
    entry.hash = compute_hash(entry)
    return entry


def import_records(
    rows: Iterable[dict], *, batch: int = 10_000, progress: Callable[[int], object] | None = None
) -> int:
    """Append ``rows`` (dicts of the record fields, ``at`` an ISO string or aware datetime); return the count."""
    rows = iter(rows)
    done = 0
    while True:
        entries = [_entry(row) for row in islice(rows, batch)]
        if not entries:
            return done
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy(entries)
            else:
                AuditRecord.objects.bulk_create(entries, batch_size=1000)
        done += len(entries)
        if progress is not None:
            progress(done)


def _copy(entries: list[AuditRecord]) -> None:
    encoder = DjangoJSONEncoder()
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY audit_auditrecord ({columns}) FROM STDIN") as copy:
            for entry in entries:
                copy.write_row(
                    (
                        entry.at,
                        entry.actor_id,
                        entry.agency_id,
                        entry.action,
                        *(getattr(entry, name) for name in TEXT_FIELDS),
                        None if entry.before is None else encoder.encode(entry.before),
                        None if entry.after is None else encoder.encode(entry.after),
                        None,
                        "",
                        entry.hash,
                    )
                )
