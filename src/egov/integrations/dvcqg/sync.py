"""Reporting every dossier step back to DVCQG, in order, without losing any.

1. ``queue_event`` (the outbox handler ``dvcqg.queue_sync``, see handlers.py) turns a dossier event into
   sync messages — ``DongBoHoSoMC`` for the dossier as it then was, ``CapNhatTienDoHoSoMC`` for the step —
   numbered in the dossier's sync sequence. It only writes rows, in the delivery's transaction: the
   outbox's "done" mark and the messages commit together, so an event is queued exactly once. The outbox
   hands a handler the events of one aggregate one at a time, in order (``events.dispatcher.in_order``), so
   the dossier's earlier events are always queued first.
2. ``send_due`` sends, for each dossier, only the lowest message not yet accepted (``seq`` N+1 never leaves
   before N got error_code "00"). A message is claimed with a lease (``OUTBOX_LEASE_SECONDS``: a crashed
   sender's claim expires),
   sent outside any database transaction, and its attempt stored with the payload and the answer (a
   batch's attempts in one transaction after its calls, see ``send_due``). A failure
   is retried with back-off; after ``DVCQG_MAX_ATTEMPTS`` it is a dead letter shown to administrators with
   its last answer and a retry button, and the dossier's later messages wait behind it.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.crypto import get_random_string

from egov.audit.services import record
from egov.dossiers.models import Dossier, Handover
from egov.dossiers.transitions import BY_ACTION
from egov.events.dispatcher import default_worker_id
from egov.events.models import OutboxEvent

from .client import NationalPortalClient, PortalError, get_client
from .models import SyncAttempt, SyncMessage

logger = logging.getLogger(__name__)

HANDLER = "dvcqg.queue_sync"
BACKOFF_MAX_SECONDS = 3600
# Dossier events that are not a state change of the dossier (nothing to report as a step).
NOT_STEPS = {"rated"}
EXTRA_LABELS = {"receive": "Tiếp nhận hồ sơ", "submit_online": "Nộp hồ sơ trực tuyến"}


# --- 1. queueing ----------------------------------------------------------------------------------------


def queue_event(event: OutboxEvent) -> list[SyncMessage]:
    from . import protocol

    action = event.topic.split(".", 1)[1] if "." in event.topic else event.topic
    if action in NOT_STEPS or event.aggregate_type != "dossiers.dossier":
        return []
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure__national_mapping__national", "handling_agency", "national")
        .filter(pk=event.aggregate_id)
        .first()
    )
    if dossier is None:
        return []
    national = getattr(dossier, "national", None)
    if national is None and not dossier.code:
        return []  # our own portal's dossier before it has a code: the first event after reception carries it
    mapping = getattr(dossier.procedure, "national_mapping", None)
    national_code = mapping.national.code if mapping and mapping.is_settled else ""
    status = int(event.payload.get("national_status") or dossier.national_status)
    last = SyncMessage.objects.filter(dossier=dossier).order_by("-seq").values_list("seq", flat=True).first() or 0
    common = {"dossier": dossier, "topic": event.topic, "national_status": status, "event_at": event.created_at}
    messages = [
        SyncMessage(
            seq=last + 1,
            service=SyncMessage.Service.DOSSIER,
            payload=protocol.dossier_payload(
                dossier,
                event_payload=event.payload,
                national=national,
                national_code=national_code,
                postal=_postal_fields(dossier),
            ),
            **common,
        )
    ]
    handover = _handover(event)
    if handover is not None:
        labels = {a: str(t.label) for a, t in BY_ACTION.items()} | EXTRA_LABELS
        messages.append(
            SyncMessage(
                seq=last + 2,
                service=SyncMessage.Service.PROGRESS,
                payload=protocol.progress_payload(dossier, handover, status=status, national=national, labels=labels),
                **common,
            )
        )
    SyncMessage.objects.bulk_create(messages)
    return messages


def _handover(event) -> Handover | None:
    pk = event.payload.get("handover")
    if not pk:
        return None
    return Handover.objects.select_related("actor__official__position", "from_unit", "to_unit").filter(pk=pk).first()


def _postal_fields(dossier) -> dict:
    """Postal details for the national record (when the postal app recorded any)."""
    try:
        from egov.postal.services import national_fields
    except ImportError:  # pragma: no cover - the postal app is part of egov
        return {}
    return national_fields(dossier)


# --- 2. sending -----------------------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(settings.DVCQG_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


CLAIM_WINDOW = 50  # due messages looked at per claim, oldest first
BATCH = 20  # messages claimed at once by a sender (each from another dossier)


def due(now):
    """Pending messages whose time has come and that no live lease holds."""
    return SyncMessage.objects.filter(state=SyncMessage.State.PENDING, next_attempt_at__lte=now).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    )


def heads(dossier_ids) -> dict[int, int]:
    """The lowest sequence number not yet accepted, per dossier: the only message of each that may go."""
    rows = (
        SyncMessage.objects.filter(dossier_id__in=dossier_ids)
        .exclude(state=SyncMessage.State.ACCEPTED)
        .values("dossier_id")
        .annotate(head=Min("seq"))
    )
    return {row["dossier_id"]: row["head"] for row in rows}


def claim(worker: str, now=None, *, limit: int = 1) -> list[SyncMessage]:
    """Lease up to ``limit`` due messages that head their dossiers' queues (one per dossier), oldest first.

    Due messages are looked at ``CLAIM_WINDOW`` at a time. Being the head cannot be lost (an accepted message
    stays accepted and new ones come after), so the conditional update only re-checks that each message is
    still due and free. A batch is sent one by one; ``send_due`` renews a lease before a call whenever less
    than half of it is left, so a message whose lease ran out (and may have been taken over) is never sent by a
    stale batch.
    """
    now = now or timezone.now()
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    queue = due(now).order_by("next_attempt_at", "pk").values_list("pk", "dossier_id", "seq")
    offset, picked = 0, []
    while len(picked) < limit:
        window = list(queue[offset : offset + CLAIM_WINDOW])
        head = heads({dossier for _pk, dossier, _seq in window})
        taken = {dossier for _pk, dossier in picked}
        picked += [(pk, dossier) for pk, dossier, seq in window if head.get(dossier) == seq and dossier not in taken]
        if len(window) < CLAIM_WINDOW:
            break
        offset += CLAIM_WINDOW
    pks = [pk for pk, _dossier in picked[:limit]]
    if not pks:
        return []
    due(now).filter(pk__in=pks).update(locked_by=worker, locked_until=now + lease, attempts=F("attempts") + 1)
    return list(SyncMessage.objects.filter(pk__in=pks, locked_by=worker).order_by("next_attempt_at", "pk"))


def _renew(message: SyncMessage) -> bool:
    until = timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    held = SyncMessage.objects.filter(pk=message.pk, locked_by=message.locked_by, state=SyncMessage.State.PENDING)
    if held.update(locked_until=until):
        message.locked_until = until
        return True
    return False


def _lease_short(message: SyncMessage) -> bool:
    """Less than half the lease is left (or none): the lease must be renewed before the next call."""
    left = (message.locked_until - timezone.now()) if message.locked_until else timedelta(0)
    return left < timedelta(seconds=settings.OUTBOX_LEASE_SECONDS / 2)


def send_one(message: SyncMessage, client: NationalPortalClient) -> bool:
    """Send a claimed message (no transaction is open during the call) and record the attempt; False when it
    was not accepted (or its lease was lost: then it is not sent at all)."""
    if not _renew(message):
        return False
    outcome = _call(message, client)
    _record([(message, outcome)])
    return outcome["ok"]


def _call(message: SyncMessage, client: NationalPortalClient) -> dict:
    """Make the call (outside any transaction); the attempt to record."""
    started = time.monotonic()
    call = client.sync_dossier if message.service == SyncMessage.Service.DOSSIER else client.sync_progress
    outcome = {"ok": False, "cause": "", "http_status": None, "error_code": "", "answer": ""}
    try:
        answer = call(message.payload)
    except PortalError as exc:
        outcome.update(
            cause=exc.cause, http_status=exc.http_status, error_code=exc.error_code, answer=exc.answer or str(exc)
        )
    except Exception as exc:  # a bug or an unexpected answer: recorded like a failure, never lost
        logger.exception("DVCQG sync of message %s failed", message.pk)
        outcome.update(cause="error", answer=f"{type(exc).__name__}: {exc}")
    else:
        outcome.update(ok=True, http_status=answer.http_status, error_code=answer.error_code, answer=answer.raw)
    outcome["at"] = timezone.now()
    outcome["duration_ms"] = int((time.monotonic() - started) * 1000)
    return outcome


def _record(outcomes: list[tuple[SyncMessage, dict]]) -> None:
    """Store the attempts of calls already made and each message's new state, in one transaction."""
    if not outcomes:
        return
    with transaction.atomic():
        SyncAttempt.objects.bulk_create(
            SyncAttempt(
                message=message,
                at=o["at"],
                duration_ms=o["duration_ms"],
                ok=o["ok"],
                cause=o["cause"],
                http_status=o["http_status"],
                error_code=o["error_code"] or "",
                answer=(o["answer"] or "")[:2000],
            )
            for message, o in outcomes
        )
        for message, o in outcomes:
            held = SyncMessage.objects.filter(
                pk=message.pk, locked_by=message.locked_by, state=SyncMessage.State.PENDING
            )
            answer, now = o["answer"] or "", o["at"]
            if o["ok"]:
                changes = {"state": SyncMessage.State.ACCEPTED, "accepted_at": now, "last_answer": answer[:2000]}
            elif message.attempts >= settings.DVCQG_MAX_ATTEMPTS:
                changes = {"state": SyncMessage.State.FAILED, "last_answer": (answer or o["cause"])[:2000]}
            else:
                changes = {
                    "next_attempt_at": now + backoff(message.attempts),
                    "last_answer": (answer or o["cause"])[:2000],
                }
            held.update(locked_by="", locked_until=None, **changes)


def send_due(*, client: NationalPortalClient | None = None, limit: int | None = None, worker: str | None = None) -> int:
    """Send every message that may go now (``limit`` at most); returns how many calls were made.

    A claimed batch (one message per dossier) is sent one by one; the attempts are stored together after the
    batch, in one transaction. The lease is renewed before a call only when less than half of it is left — and
    then the attempts made so far are stored first — so no call is ever made on a lease that ran out, and no
    made call stays unrecorded past half its lease. A sender killed before storing a batch's attempts leaves
    those messages to be sent again once their leases expire (at least once, never lost).
    """
    client = client or get_client()
    worker = f"{(worker or default_worker_id())[:60]}#{get_random_string(8)}"
    count = 0
    while limit is None or count < limit:
        batch = claim(worker, limit=BATCH if limit is None else min(BATCH, limit - count))
        if not batch:
            break
        made: list[tuple[SyncMessage, dict]] = []
        for message in batch:
            count += 1
            if _lease_short(message):
                _record(made)
                made = []
                if not _renew(message):
                    continue  # lost (taken over): never sent by this stale batch
            made.append((message, _call(message, client)))
        _record(made)
    return count


def retry(message: SyncMessage, *, actor) -> SyncMessage:
    """An administrator sends a dead letter again (fresh count of attempts, now)."""
    with transaction.atomic():
        row = SyncMessage.objects.select_for_update().get(pk=message.pk)
        if row.state == SyncMessage.State.ACCEPTED:
            raise ValueError("already accepted")
        before = {"state": row.state, "attempts": row.attempts}
        row.state, row.attempts, row.next_attempt_at = SyncMessage.State.PENDING, 0, timezone.now()
        row.locked_by, row.locked_until = "", None
        row.save(update_fields=["state", "attempts", "next_attempt_at", "locked_by", "locked_until"])
        record(
            actor=actor,
            action="dvcqg.sync_retried",
            target=row,
            before=before,
            after={"state": row.state, "attempts": 0},
            summary=f"{row.service} #{row.seq}",
        )
    return row
