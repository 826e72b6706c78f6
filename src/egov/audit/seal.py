"""Sealing: tie the committed audit records into the chain of seals, in batches (decision 0006).

``seal_pending()`` is run by ``egov worker`` every minute (``handlers.py``) and by ``egov audit seal``. Each
seal covers the records with ``after_id < id <= last_id`` (``after_id`` is the previous seal's ``last_id``: the
ranges are contiguous, so a record added later inside a sealed range, or removed from it, changes the count
or the Merkle root). Gaps in ids (rolled-back transactions; sequences are not transactional) are fine.

A seal must only cover ids that can no longer appear. On SQLite a writer holds the database lock from its
first write to its commit, so every id up to the highest visible one is final. On PostgreSQL a transaction
may hold id 100 uncommitted while id 101 is already committed; so the job reads the horizon ``H`` (highest
visible id) and the database clock ``T``, and seals up to ``H`` only once no transaction begun at or before
``T`` is still open (every id up to ``H`` was drawn before ``T`` by a transaction begun before ``T``).
When some are open (a busy system), the horizon is kept in ``SealCursor`` and sealed at a later run.

The job locks ``SealCursor`` (never the records), so two workers never seal the same batch and the appends
never wait for it. Running it again with nothing new does nothing (idempotent).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .chain import GENESIS_HASH, leaf_hash, merkle_root, seal_hash
from .models import AuditRecord, AuditSeal, SealCursor

logger = logging.getLogger(__name__)


def batch_size() -> int:
    return max(1, int(getattr(settings, "EGOV_AUDIT_SEAL_BATCH", 10_000)))


def seal_pending(*, size: int | None = None, now: datetime | None = None) -> list[AuditSeal]:
    """Seal every record that is final and not sealed yet, ``size`` records per seal; return the new seals."""
    size = size or batch_size()
    with transaction.atomic():
        cursor = _lock_cursor()
        last = AuditSeal.objects.order_by("-number").first()
        horizon = _final_horizon(cursor)
        sealed = []
        while True:
            after_id = last.last_id if last else 0
            if horizon <= after_id:
                break
            rows = list(
                AuditRecord.objects.filter(id__gt=after_id, id__lte=horizon)
                .order_by("id")
                .values_list("id", "hash")[:size]
            )
            if not rows:
                break
            last = _make_seal(last, rows, now or timezone.now())
            sealed.append(last)
    if sealed:
        logger.info("Sealed %d audit batch(es) up to record %d.", len(sealed), sealed[-1].last_id)
    return sealed


def seal_from_rows(previous, rows: list[tuple[int, str]], sealed_at: datetime, model=AuditSeal):
    """A new seal (saved) over ``rows`` (``(id, hash)`` in id order) after ``previous``; used by the data
    migration too (``model`` its historical model)."""
    seal = model(
        number=(previous.number if previous else 0) + 1,
        after_id=previous.last_id if previous else 0,
        last_id=rows[-1][0],
        count=len(rows),
        total=(previous.total if previous else 0) + len(rows),
        root=merkle_root([leaf_hash(record_id, record_hash) for record_id, record_hash in rows]),
        prev_hash=previous.hash if previous else GENESIS_HASH,
        sealed_at=sealed_at,
    )
    seal.hash = seal_hash(seal)
    seal.save(force_insert=True)
    return seal


_make_seal = seal_from_rows


def _lock_cursor() -> SealCursor:
    cursor = SealCursor.objects.select_for_update().filter(pk=1).first()
    if cursor is not None:
        return cursor
    try:
        with transaction.atomic():
            SealCursor.objects.create(pk=1)
    except IntegrityError:
        pass  # another sealer created it first
    return SealCursor.objects.select_for_update().get(pk=1)


def _final_horizon(cursor: SealCursor) -> int:
    """The highest record id up to which no record can still be committed."""
    if connection.vendor != "postgresql":
        return AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    final = 0
    if cursor.pending_at is not None and not _open_transactions_begun_by(cursor.pending_at):
        final = cursor.pending_id or 0
        cursor.pending_id = cursor.pending_at = None
    with connection.cursor() as db:
        db.execute("SELECT max(id), clock_timestamp() FROM audit_auditrecord")
        visible, seen_at = db.fetchone()
    visible = visible or 0
    if visible > final:
        if not _open_transactions_begun_by(seen_at):
            final = visible
        elif cursor.pending_at is None:
            cursor.pending_id, cursor.pending_at = visible, seen_at
    cursor.save(update_fields=["pending_id", "pending_at"])
    return final


def _open_transactions_begun_by(moment: datetime) -> bool:
    """Whether another session of this database has a transaction open since ``moment`` or earlier."""
    with connection.cursor() as db:
        db.execute("SELECT pg_stat_clear_snapshot()")  # pg_stat_activity is cached per transaction otherwise
        db.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND xact_start <= %s)",
            [moment],
        )
        return db.fetchone()[0]


def unsealed_count() -> int:
    last = AuditSeal.objects.order_by("-number").values_list("last_id", flat=True).first() or 0
    return AuditRecord.objects.filter(id__gt=last).count()
