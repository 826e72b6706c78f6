"""Receiving from the provincial LGSP, exactly once: poll each registered OrganId's list of received packets,
fetch each new one by id, take it in through ``exchange.services.receive`` (document or status) in the same
transaction as its ``LgspReceipt``, then acknowledge it (``updateStatus`` done, or fail with why).

Nothing is lost and nothing is taken twice: a fetch that fails leaves the packet listed for the next poll; an
acknowledgement that fails leaves the receipt unacknowledged and the next poll, finding the id listed again,
only acknowledges it again. The same document sent twice under two LGSP ids (a send retried after a lost
answer) is one incoming document too: ``receive`` keys documents by their DocumentId.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from egov.agencies.models import validate_organ_id
from egov.audit.services import record
from egov.exchange import edxml
from egov.exchange.models import ExternalAgency, LgspReceipt
from egov.exchange.services import ExchangeRefused, receive

from . import protocol as p
from .client import LgspClient, LgspError, get_client

logger = logging.getLogger(__name__)


@dataclass
class PollResult:
    listed: int = 0
    received: int = 0
    refused: int = 0
    already: int = 0  # listed again although already taken (the acknowledgement was lost)
    acknowledged: int = 0
    errors: int = 0  # calls that failed: what they concerned waits for the next poll

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def poll(*, client: LgspClient | None = None, organ_ids=None, now=None) -> PollResult:
    """One round: every packet waiting for our OrganIds (``EGOV_EXCHANGE_LGSP_ORGAN_ID``), documents first."""
    client = client or get_client()
    result = PollResult()
    for organ_id in organ_ids if organ_ids is not None else settings.EXCHANGE_LGSP_ORGAN_IDS:
        for message_type in p.MESSAGE_TYPES:
            try:
                items = client.received(organ_id, message_type)
            except LgspError as exc:
                logger.warning("LGSP %s %s for %s: %s", p.LIST, message_type, organ_id, exc)
                result.errors += 1
                continue
            result.listed += len(items)
            for item in items:
                take(item, organ_id=organ_id, client=client, result=result, now=now)
    return result


def take(item: p.ListedEdoc, *, organ_id: str, client: LgspClient, result: PollResult, now=None) -> None:
    receipt = LgspReceipt.objects.filter(lgsp_id=item.doc_id).first()
    if receipt is not None:
        result.already += 1
    else:
        try:
            body = client.fetch(item.doc_id, organ_id=organ_id)
        except LgspError as exc:
            logger.warning("LGSP %s %s: %s", p.GET, item.doc_id, exc)
            result.errors += 1
            return
        receipt = record_receipt(item, body, organ_id=organ_id, now=now)
        if receipt.state == LgspReceipt.State.RECEIVED:
            result.received += 1
        else:
            result.refused += 1
    if receipt.acknowledged_at is None:
        acknowledge(receipt, client=client, result=result, now=now)


def record_receipt(item: p.ListedEdoc, body: bytes, *, organ_id: str, now=None) -> LgspReceipt:
    """Take one fetched packet in (or refuse it), once per LGSP id, with its audit record."""
    now = now or timezone.now()
    with transaction.atomic():
        existing = LgspReceipt.objects.select_for_update().filter(lgsp_id=item.doc_id).first()
        if existing is not None:
            return existing
        state, error, sender, document_id = LgspReceipt.State.RECEIVED, "", item.sender, ""
        try:
            message = edxml.parse(body)
            sender, document_id = message.sender_id or sender, message.document_id
            with transaction.atomic():  # a refusal leaves nothing behind, not even a new sender
                receive(body, peer=_peer_for(message, now), now=now)
        except edxml.EdxmlError as exc:
            state, error = LgspReceipt.State.REFUSED, _problems("unreadable edXML", exc.problems)
        except ExchangeRefused as exc:
            state, error = LgspReceipt.State.REFUSED, _problems(str(exc), exc.problems)
        receipt = LgspReceipt.objects.create(
            lgsp_id=item.doc_id[:100],
            organ_id=organ_id[:35],
            sender=sender[:35],
            message_type=item.message_type[:10],
            state=state,
            document_id=document_id[:100],
            error=error,
            received_at=now,
        )
        record(
            actor=None,
            action=f"exchange.lgsp_{state}",
            target=receipt,
            after={"lgsp_id": receipt.lgsp_id, "sender": receipt.sender, "error": error[:200]},
            summary=f"LGSP {receipt.lgsp_id} {sender} {document_id}".strip(),
        )
    return receipt


def acknowledge(receipt: LgspReceipt, *, client: LgspClient, result: PollResult | None = None, now=None) -> bool:
    """Tell the LGSP the packet was taken (done) or refused (fail, with why); retried by the next poll."""
    status = p.DONE if receipt.state == LgspReceipt.State.RECEIVED else p.FAILED
    try:
        client.update_status(receipt.lgsp_id, status, organ_id=receipt.organ_id, description=receipt.error[:500])
    except LgspError as exc:
        logger.warning("LGSP %s %s: %s", p.UPDATE, receipt.lgsp_id, exc)
        if result is not None:
            result.errors += 1
        return False
    LgspReceipt.objects.filter(pk=receipt.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now or timezone.now()
    )
    if result is not None:
        result.acknowledged += 1
    return True


def _peer_for(message, now) -> ExternalAgency:
    """The sender as an external agency: known ones as they are (refused if no longer active); an agency of the
    province we never heard of is added, answering through the LGSP, so that nothing it sends is lost."""
    organ_id = message.sender_id
    peer = ExternalAgency.objects.filter(organ_id=organ_id).first()
    if peer is not None:
        if not peer.is_active:
            raise ExchangeRefused("sender no longer exchanged with", problems=[_sender_problem("không còn liên thông")])
        return peer
    try:
        validate_organ_id(organ_id)
    except ValidationError:
        raise ExchangeRefused("bad sender", problems=[_sender_problem("mã định danh không hợp lệ")]) from None
    source = message.header.from_ if isinstance(message, edxml.DocumentMessage) else message.status.from_
    name = (source.organ_name if source else "") or organ_id
    peer = ExternalAgency.objects.create(organ_id=organ_id, name=name[:200], transport=ExternalAgency.Transport.LGSP)
    record(
        actor=None,
        action="exchange.agency_added",
        target=peer,
        after={"organ_id": organ_id, "name": peer.name, "transport": peer.transport},
        summary=f"{organ_id} (LGSP)",
    )
    return peer


def _sender_problem(text: str) -> edxml.Problem:
    return edxml.Problem("From/OrganId", text)


def _problems(summary: str, problems) -> str:
    details = "; ".join(f"{item.path}: {item.message}" for item in problems)
    return f"{summary}: {details}" if details else summary
