"""Every state change of the exchange: queue, send (with back-off), retry, receive. One function each, one
transaction each, with its audit record and outbox event."""

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.agencies.models import Agency
from egov.audit.services import record
from egov.core.transitions import SYSTEM_ACTOR, Lifecycle, apply
from egov.documents.models import IncomingDocument, OutgoingDocument
from egov.documents.services.common import DocumentError
from egov.documents.services.external import receive_external, update_external
from egov.documents.services.incoming import recall_copy
from egov.documents.transitions import IncomingStatus
from egov.events.services import publish

from . import convert, edxml, signing
from .models import ExchangeMessage, ExternalAgency, PeerNonce, RecipientStatus
from .transitions import STAFF, TRANSITIONS, MessageState
from .transports import TransportError, transport_for

OUT, IN = ExchangeMessage.Direction.OUT, ExchangeMessage.Direction.IN
DOCUMENT, STATUS = ExchangeMessage.Kind.DOCUMENT, ExchangeMessage.Kind.STATUS
ORGAN_ID_TOKEN = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)+")


class ExchangeRefused(ValueError):
    """A received message we will not take; ``problems`` (edxml.Problem) say why, ``status`` the HTTP code."""

    def __init__(self, message: str, *, problems=(), status: int = 400):
        super().__init__(message)
        self.problems = list(problems)
        self.status = status


@dataclass
class Received:
    result: str  # "accepted" or "duplicate"
    messages: list = field(default_factory=list)


# --- sending ---------------------------------------------------------------------------------------------


def recipients_in(document: OutgoingDocument) -> list[ExternalAgency]:
    """The known external agencies among the document's external recipient lines: a line that starts with or
    contains an agency's OrganId (e.g. ``000.00.00.G22 - Bộ Nội vụ``)."""
    tokens = {token for line in document.external_recipient_list for token in ORGAN_ID_TOKEN.findall(line)}
    if not tokens:
        return []
    return list(ExternalAgency.objects.filter(organ_id__in=tokens, is_active=True).order_by("organ_id"))


def edxml_channels(lines: list[str]) -> dict[str, str]:
    """``documents.recipients.RECIPIENT_CHANNELS`` item: the external recipient lines an active peer of the
    exchange recognises (by its OrganId) are sent by edXML."""
    from egov.documents.models import Dispatch

    tokens = {line: set(ORGAN_ID_TOKEN.findall(line)) for line in lines}
    wanted = set().union(*tokens.values()) if tokens else set()
    if not wanted:
        return {}
    known = set(ExternalAgency.objects.filter(organ_id__in=wanted, is_active=True).values_list("organ_id", flat=True))
    return {line: Dispatch.Method.EDXML for line, found in tokens.items() if found & known}


def send_document(document: OutgoingDocument, *, now=None) -> list[ExchangeMessage]:
    """Queue the edXML of an issued document for each known external recipient (once per recipient)."""
    messages = []
    with transaction.atomic():
        for peer in recipients_in(document):
            messages += _send_to(document, peer, now)
    return messages


def _send_to(document, peer, now) -> list[ExchangeMessage]:
    key = convert.document_id(document)
    if ExchangeMessage.objects.filter(direction=OUT, peer=peer, local_agency=document.agency, key=key).exists():
        return []
    message = convert.document_message(document, peer, now=now)
    row = _queue(message, peer, document.agency, key=key, outgoing=document, now=now)
    _note_status(document, peer, "", "", now or timezone.now())
    return [row]


def revoke_document(document: OutgoingDocument, *, reason: str = "", now=None) -> list[ExchangeMessage]:
    """Ask every external recipient that got the document to revoke it (business type revoke)."""
    now = now or timezone.now()
    sent = ExchangeMessage.objects.filter(direction=OUT, kind=DOCUMENT, business_type="new", outgoing=document)
    messages = []
    with transaction.atomic():
        for original in sent.select_related("peer"):
            messages += _revoke_one(document, original, reason, now)
    return messages


def _revoke_one(document, original, reason, now) -> list[ExchangeMessage]:
    key = f"{original.document_id}#revoke"
    if ExchangeMessage.objects.filter(
        direction=OUT, peer=original.peer, local_agency=document.agency, key=key
    ).exists():
        return []
    message = convert.document_message(
        document, original.peer, business=edxml.BusinessType.REVOKE, reason=reason, now=now
    )
    row = _queue(message, original.peer, document.agency, key=key, outgoing=document, now=now)
    _note_status(document, original.peer, edxml.StatusCode.REVOKED.value, reason or "Thu hồi văn bản", now)
    return [row]


def send_update(document: OutgoingDocument, *, business=edxml.BusinessType.UPDATE, reason="", now=None):
    """Send a corrected document (update) to every external recipient that got it."""
    now = now or timezone.now()
    sent = ExchangeMessage.objects.filter(direction=OUT, kind=DOCUMENT, business_type="new", outgoing=document)
    messages = []
    with transaction.atomic():
        for original in sent.select_related("peer"):
            key = f"{original.document_id}#{business.label}#{uuid.uuid4().hex[:12]}"
            message = convert.document_message(document, original.peer, business=business, reason=reason, now=now)
            messages.append(_queue(message, original.peer, document.agency, key=key, outgoing=document, now=now))
    return messages


def send_status(received: ExchangeMessage, code: str, *, description="", staff="", now=None, once=False):
    """Tell the sender of a received document what happened to it (01 arrived ... 06 done, 15/16)."""
    now = now or timezone.now()
    prefix = f"{received.document_id}#{code}#"
    if once and ExchangeMessage.objects.filter(direction=OUT, peer=received.peer, key__startswith=prefix).exists():
        return None
    message = convert.status_message(
        local_agency=received.local_agency,
        peer=received.peer,
        document_id=received.document_id,
        code=code,
        description=description or edxml.STATUS_LABELS.get(code, ""),
        staff=staff,
        now=now,
    )
    key = prefix + now.strftime("%Y%m%dT%H%M%S.%f")
    return _queue(message, received.peer, received.local_agency, key=key, incoming=received.incoming, now=now)


def _queue(message, peer, local_agency, *, key, outgoing=None, incoming=None, now=None) -> ExchangeMessage:
    now = now or timezone.now()
    body = edxml.build(message)
    is_status = isinstance(message, edxml.StatusMessage)
    with transaction.atomic():
        row = ExchangeMessage(
            direction=OUT,
            peer=peer,
            local_agency=local_agency,
            kind=STATUS if is_status else DOCUMENT,
            business_type="" if is_status else message.business.doc_type.label,
            status_code=message.status.status_code if is_status else "",
            document_id=message.document_id,
            key=key,
            subject="" if is_status else message.header.subject,
            state=MessageState.QUEUED,
            next_attempt_at=now,
            outgoing=outgoing,
            incoming=incoming,
            created_at=now,
        )
        _store(row, body)
        row.save()
        _audit_publish(row, "queued", before=None)
    return row


class MessageStateError(ValueError):
    """A message cannot take this step now (wrong state, or the actor may not)."""


LIFECYCLE = Lifecycle(
    model=ExchangeMessage,
    table=TRANSITIONS,
    topic="exchange.message_{action}",
    event="exchange.message.{action}",
    error=MessageStateError,
    field="state",
    related=("peer", "local_agency"),
    snapshot=lambda row: _snap(row),
    payload=lambda row, after: {"direction": row.direction, "kind": row.kind, "peer": row.peer.organ_id, **after},
    agency=lambda row: row.local_agency,
    summary=lambda row: _summary(row),
    roles=lambda row, actor: {r for r in STAFF if actor is not None and actor.has_role(r)},
    scope=lambda row, actor: True,  # the pages already show only the messages in the user's scope
)


def attempt(message_id: int, *, now=None) -> ExchangeMessage | None:
    """Try to send one queued (or due) message; a failure is recorded and retried later with back-off."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            ExchangeMessage.objects.select_for_update(of=("self",))
            .select_related("peer", "local_agency")
            .get(pk=message_id)
        )
        if row.state not in (MessageState.QUEUED, MessageState.RETRYING) or row.direction != OUT:
            return row
        with row.xml.open("rb") as handle:
            body = handle.read()
        attempts = row.attempts + 1
        try:
            transport_for(row.peer).send(row, body)
        except TransportError as exc:
            error = str(exc)[:2000]
            if attempts >= settings.EXCHANGE_MAX_ATTEMPTS:
                action, next_at = "give_up", None
            else:
                action, next_at = "fail_attempt", now + backoff(attempts)  # the periodic job sends it then

            def change(r, now):
                r.attempts, r.last_error, r.next_attempt_at = attempts, error, next_at

        else:
            action = "send"

            def change(r, now):
                r.attempts, r.sent_at, r.last_error, r.next_attempt_at = attempts, now, "", None

        return apply(LIFECYCLE, row, action, SYSTEM_ACTOR, now=now, change=change)


def backoff(attempts: int) -> timedelta:
    """The wait before the next attempt: the first delay, doubled after each failure (at most a day)."""
    return timedelta(seconds=min(settings.EXCHANGE_BACKOFF_SECONDS * 2 ** (attempts - 1), 86400))


def send_due(*, now=None, limit: int = 100) -> int:
    """Send every message whose next attempt is due (the periodic job ``exchange.send_due`` and
    ``egov exchange send-due``)."""
    ids = list(ExchangeMessage.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for pk in ids:
        attempt(pk, now=now)
    return len(ids)


def retry(message: ExchangeMessage, *, actor, now=None) -> ExchangeMessage:
    """A staff member puts a failed (or waiting) message back in the queue now, with a fresh count."""

    def change(row, now):
        row.attempts, row.next_attempt_at = 0, now

    return apply(LIFECYCLE, message, "retry", actor, now=now, change=change)


# --- receiving ---------------------------------------------------------------------------------------


def authenticate(headers, body: bytes, *, now: float | None = None) -> ExternalAgency:
    """The peer that signed this request (sender OrganId, HMAC, timestamp window, unused nonce)."""
    signed = signing.read_headers(headers)
    peer = ExternalAgency.objects.filter(organ_id=signed.organ_id, is_active=True).first()
    if peer is None:
        raise ExchangeRefused(f"unknown sender {signed.organ_id!r}", status=403)
    window = settings.EXCHANGE_REPLAY_WINDOW_SECONDS
    reason = signing.check(peer.shared_secret, signed, body, window=window, now=now)
    if reason:
        raise ExchangeRefused(reason, status=401)
    moment = timezone.now()
    PeerNonce.objects.filter(seen_at__lt=moment - timedelta(seconds=2 * window)).delete()
    try:
        with transaction.atomic():
            PeerNonce.objects.create(peer=peer, nonce=signed.nonce, seen_at=moment)
    except IntegrityError:
        raise ExchangeRefused("replayed request (nonce already used)", status=401)
    return peer


def receive(body: bytes, *, peer: ExternalAgency, key: str = "", now=None) -> Received:
    """Take a received edXML from ``peer``: a document becomes an incoming document waiting to be registered
    (once per DocumentId), a status updates what we show for the document we sent, a revoke recalls the copy."""
    now = now or timezone.now()
    try:
        message = edxml.parse(body)
    except edxml.EdxmlError as exc:
        raise ExchangeRefused("unreadable edXML", problems=exc.problems)
    problems = edxml.validate(message)
    if problems:
        raise ExchangeRefused("invalid edXML", problems=problems)
    if message.sender_id != peer.organ_id:
        path = "Status/From/OrganId" if message.kind == "status" else "MessageHeader/From/OrganId"
        raise ExchangeRefused(
            "sender mismatch",
            problems=[edxml.Problem(path, f"khác với cơ quan gửi đã xác thực ({peer.organ_id})")],
            status=403,
        )
    if isinstance(message, edxml.StatusMessage):
        return _receive_status(message, body, peer, key, now)
    return _receive_document(message, body, peer, now)


def _receive_document(message: edxml.DocumentMessage, body, peer, now) -> Received:
    business = message.business.doc_type
    codes = [to.organ_id for to in message.header.to]
    agencies = list(Agency.objects.filter(code__in=codes, is_active=True).order_by("code"))
    if not agencies:
        raise ExchangeRefused(
            "no recipient here",
            problems=[edxml.Problem("MessageHeader/To/OrganId", "không có nơi nhận thuộc hệ thống này")],
            status=404,
        )
    if business == edxml.BusinessType.NEW:
        key = message.document_id
    elif business == edxml.BusinessType.REVOKE:
        key = f"{message.document_id}#revoke"
    else:
        key = f"{message.document_id}#{business.label}#{hashlib.sha256(body).hexdigest()[:16]}"
    rows, duplicate = [], True
    with transaction.atomic():
        for agency in agencies:
            if ExchangeMessage.objects.filter(direction=IN, peer=peer, local_agency=agency, key=key).exists():
                continue
            duplicate = False
            row = _incoming_row(message, body, peer, agency, key, now)
            if business == edxml.BusinessType.REVOKE:
                _apply_revoke(row, message, now)
            elif business == edxml.BusinessType.UPDATE:
                _apply_update(row, message, now)
            else:
                _apply_new(row, message, now)
                if business == edxml.BusinessType.REPLACE:
                    _recall_replaced(row, message, now)
            row.save()
            _audit_publish(row, "received", before=None)
            rows.append(row)
    return Received("duplicate" if duplicate else "accepted", rows)


def _incoming_row(message, body, peer, agency, key, now) -> ExchangeMessage:
    row = ExchangeMessage(
        direction=IN,
        peer=peer,
        local_agency=agency,
        kind=DOCUMENT,
        business_type=message.business.doc_type.label,
        document_id=message.document_id,
        key=key,
        subject=message.header.subject,
        state=MessageState.RECEIVED,
        created_at=now,
        sent_at=now,
    )
    _store(row, body)
    return row


def _apply_new(row: ExchangeMessage, message, now) -> None:
    try:
        files = convert.store_attachments(message, row.local_agency)
        row.incoming = receive_external(row.local_agency, convert.incoming_data(message), attachments=files, now=now)
    except ValidationError as exc:
        raise ExchangeRefused("refused", problems=[edxml.Problem("AttachmentEncoded", "; ".join(exc.messages))])


def _copies(peer, agency, document_id):
    ids = ExchangeMessage.objects.filter(
        direction=IN, peer=peer, local_agency=agency, kind=DOCUMENT, document_id=document_id, incoming__isnull=False
    ).values_list("incoming_id", flat=True)
    return IncomingDocument.objects.filter(pk__in=ids).exclude(status=IncomingStatus.RECALLED)


def _apply_revoke(row: ExchangeMessage, message, now) -> None:
    reason = message.business.reason or "Nơi gửi thu hồi văn bản"
    for copy in _copies(row.peer, row.local_agency, message.document_id):
        row.incoming = recall_copy(copy, reason=reason, now=now)


def _apply_update(row: ExchangeMessage, message, now) -> None:
    for copy in _copies(row.peer, row.local_agency, message.document_id):
        row.incoming = copy
        try:
            files = convert.store_attachments(message, row.local_agency) if message.attachments else None
            update_external(copy, convert.incoming_data(message), attachments=files, now=now)
        except (DocumentError, ValidationError) as exc:
            send_status(row, edxml.StatusCode.REVOKE_REFUSED.value, description="; ".join(exc.messages), now=now)
        else:
            send_status(row, edxml.StatusCode.REVOKE_AGREED.value, description="Đã cập nhật theo nơi gửi", now=now)


def _recall_replaced(row: ExchangeMessage, message, now) -> None:
    for document_id in message.business.replaced_document_ids:
        for copy in _copies(row.peer, row.local_agency, document_id):
            recall_copy(copy, reason=f"Được thay thế bởi văn bản {message.document_id}", now=now)


def _receive_status(message: edxml.StatusMessage, body, peer, key, now) -> Received:
    status = message.status
    key = f"{message.document_id}#{status.status_code}#{status.timestamp:%Y%m%dT%H%M%S}"
    original = (
        ExchangeMessage.objects.filter(
            direction=OUT, peer=peer, kind=DOCUMENT, business_type="new", document_id=message.document_id
        )
        .select_related("outgoing", "local_agency")
        .first()
    )
    if original is None:
        raise ExchangeRefused(
            "unknown document",
            problems=[edxml.Problem("Status/ResponseFor/DocumentId", "không có văn bản đã gửi với mã này")],
            status=404,
        )
    with transaction.atomic():
        if ExchangeMessage.objects.filter(
            direction=IN, peer=peer, local_agency=original.local_agency, key=key
        ).exists():
            return Received("duplicate")
        row = ExchangeMessage(
            direction=IN,
            peer=peer,
            local_agency=original.local_agency,
            kind=STATUS,
            business_type="",
            status_code=status.status_code,
            document_id=message.document_id,
            key=key,
            state=MessageState.RECEIVED,
            outgoing=original.outgoing,
            created_at=now,
            sent_at=now,
        )
        _store(row, body)
        row.save()
        staff = status.staff_info.staff if status.staff_info else ""
        _note_status(original.outgoing, peer, status.status_code, status.description, status.timestamp, staff=staff)
        _audit_publish(row, "received", before=None)
    return Received("accepted", [row])


def _note_status(document, peer, code: str, description: str, at, *, staff: str = "") -> RecipientStatus:
    """Add a status to what we show for ``peer`` on ``document`` (history by time, latest on top)."""
    entry, _created = RecipientStatus.objects.select_for_update().get_or_create(outgoing=document, recipient=peer)
    if code:
        moment = at.astimezone(UTC).replace(microsecond=0).isoformat()
        item = {"code": code, "description": description[:500], "staff": staff, "at": moment}
        if item not in entry.history:  # in time order; within one second, in the order of the lifecycle
            entry.history = sorted([*entry.history, item], key=lambda h: (h["at"], h["code"]))
        latest = entry.history[-1]
        entry.code, entry.description = latest["code"], latest["description"]
        entry.at = datetime.fromisoformat(latest["at"])
    entry.save()
    return entry


# --- helpers -------------------------------------------------------------------------------------------


def _store(row: ExchangeMessage, body: bytes) -> None:
    row.size = len(body)
    row.sha256 = hashlib.sha256(body).hexdigest()
    row.xml.save(f"{uuid.uuid4().hex}.xml", ContentFile(body), save=False)


def _snap(row: ExchangeMessage) -> dict:
    return {"state": row.state, "attempts": row.attempts}


def _audit_publish(row: ExchangeMessage, what: str, *, before, actor=None) -> None:
    """Outbox event then audit record (last) of a change outside the table (a message queued or received)."""
    after = _snap(row)
    publish(
        f"exchange.message.{what}",
        aggregate=row,
        payload={"direction": row.direction, "kind": row.kind, "peer": row.peer.organ_id, **after},
        actor=actor,
    )
    record(
        actor=actor,
        action=f"exchange.message_{what}",
        target=row,
        before=before,
        after=after,
        agency=row.local_agency,
        summary=_summary(row),
    )


def _summary(row: ExchangeMessage) -> str:
    return f"{row.get_direction_display()} {row.peer.organ_id} {row.document_id} {row.status_code}".strip()


def import_agencies(rows) -> tuple[int, int, list[str]]:
    """Create or update external agencies from rows of (OrganId, name, [endpoint, transport, email]); returns
    (created, updated, problems)."""
    from egov.agencies.models import validate_organ_id

    created = updated = 0
    problems = []
    with transaction.atomic():
        for number, row in enumerate(rows, 1):
            cells = [str(c).strip() if c is not None else "" for c in row] + [""] * 5
            organ_id, name, endpoint, transport, email = cells[:5]
            if not organ_id or organ_id.lower() in ("organid", "mã định danh"):
                continue
            try:
                validate_organ_id(organ_id)
            except ValidationError as exc:
                problems.append(f"dòng {number}: {organ_id}: {'; '.join(exc.messages)}")
                continue
            if transport not in ExternalAgency.Transport.values:
                problems.append(f"dòng {number}: đường gửi không hợp lệ {transport!r}")
                continue
            defaults = {"name": name[:200] or organ_id, "endpoint": endpoint, "transport": transport, "email": email}
            _agency, was_created = ExternalAgency.objects.update_or_create(organ_id=organ_id, defaults=defaults)
            created += was_created
            updated += not was_created
        record(
            actor=None,
            action="exchange.agencies_imported",
            after={"created": created, "updated": updated, "problems": len(problems)},
        )
    return created, updated, problems
