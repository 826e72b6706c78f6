"""Writing the audit log.

A domain service calls ``record(...)`` inside its own ``transaction.atomic()`` block, as the last
statement before the block ends: appending locks the chain head until the transaction commits, so
every other writer of the log waits for that long. Do the slow work first, record last.
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.core.middleware import current_request_id

from .chain import GENESIS_HASH, compute_hash, normalise_json
from .models import AuditRecord, ChainHead

ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
HEAD_PK = 1


class NotInTransactionError(RuntimeError):
    """``record`` was called outside ``transaction.atomic()``."""


def record(*, actor, action: str, target=None, before=None, after=None, agency=None, summary: str = "") -> AuditRecord:
    """Append one audit record and return it; call it last inside the caller's atomic block.

    ``actor``: the user who acted, or None for the system. ``target``: the model instance changed.
    ``before``/``after``: small JSON-able summaries of the changed fields. ``agency`` (an Agency or
    its id) scopes the record; by default the target itself when it is an Agency, else the target's
    ``agency_id`` when it has one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransactionError("audit.record() must be called inside transaction.atomic().")
    if not isinstance(action, str) or len(action) > 64 or not ACTION_RE.match(action):
        raise ValueError(f"Invalid audit action code: {action!r} (expected e.g. 'dossier.received').")
    entry = AuditRecord(
        at=timezone.now(),
        actor_id=_actor_id(actor),
        actor_display=_actor_display(actor),
        agency_id=_agency_id(agency, target),
        action=action,
        before=normalise_json(before),
        after=normalise_json(after),
        summary=summary or "",
        request_id=current_request_id()[:64],
        **_target_fields(target),
    )
    _append(entry)
    return entry


def snapshot(instance, *fields: str) -> dict:
    """``{field: value}`` of ``instance`` for ``before``/``after`` (foreign keys as their ids)."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        data[name] = getattr(instance, field.attname)
    return data


def _append(entry: AuditRecord) -> None:
    head = _lock_head()
    entry.seq = head.seq + 1
    entry.prev_hash = head.hash
    entry.hash = compute_hash(entry)
    entry.save(force_insert=True)
    ChainHead.objects.filter(pk=HEAD_PK).update(seq=entry.seq, hash=entry.hash)


def _lock_head() -> ChainHead:
    """Lock the chain head row until the transaction ends, creating it on first use."""
    head = ChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is not None:
        return head
    last = AuditRecord.objects.order_by("-seq").only("seq", "hash").first()
    try:
        with transaction.atomic():
            ChainHead.objects.create(pk=HEAD_PK, seq=last.seq if last else 0, hash=last.hash if last else GENESIS_HASH)
    except IntegrityError:
        pass  # another transaction created it first; lock theirs
    return ChainHead.objects.select_for_update().get(pk=HEAD_PK)


def _actor_id(actor):
    return actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None


def _actor_display(actor) -> str:
    return str(actor)[:150] if _actor_id(actor) is not None else ""


def _agency_id(agency, target):
    if agency is not None:
        return getattr(agency, "pk", agency)
    if target is not None and target._meta.label_lower == "agencies.agency":
        return target.pk
    return getattr(target, "agency_id", None)


def _target_fields(target) -> dict:
    if target is None:
        return {"object_type": "", "object_id": "", "object_display": ""}
    return {
        "object_type": target._meta.label_lower,
        "object_id": str(target.pk)[:64],
        "object_display": str(target)[:255],
    }
