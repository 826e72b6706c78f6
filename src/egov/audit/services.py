"""Writing the audit log.

A domain service calls ``record(...)`` inside its own ``transaction.atomic()`` block, so the record commits
or rolls back with the change it describes. Appending takes no lock: the record carries the hash of its own
content, and the seal job (``egov.audit.seal``, run by ``egov worker`` every minute) ties committed records
into the chain of seals later (docs/decisions/0006-audit-chain.md).
"""

import re

from django.db import transaction
from django.utils import timezone

from egov.core.middleware import current_request_id

from .chain import compute_hash, normalise_json
from .models import AuditRecord

ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


class NotInTransactionError(RuntimeError):
    """``record`` was called outside ``transaction.atomic()``."""


def record(*, actor, action: str, target=None, before=None, after=None, agency=None, summary: str = "") -> AuditRecord:
    """Append one audit record and return it, inside the caller's atomic block.

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
    entry.hash = compute_hash(entry)
    entry.save(force_insert=True)


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
