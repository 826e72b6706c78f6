"""Every state change of a payment: starting one, and handling a gateway's server-to-server notification.

A transaction is marked paid only here, after a verified notification; duplicates are answered without a
second change, and forged or wrong-amount notifications are refused. Every notification is logged.
"""

import logging
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction as db_transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.audit.services import record
from egov.dossiers import services as dossier_services
from egov.dossiers.transitions import Status
from egov.events.services import publish

from .gateways import UnknownGatewayError, active_gateway_name, get_gateway
from .models import NotificationOutcome, PaymentNotificationLog, PaymentStatus, PaymentTransaction

logger = logging.getLogger(__name__)
Outcome = NotificationOutcome


class PaymentError(ValidationError):
    """A refused payment request; the message is for the user (Vietnamese)."""


class StartedPayment(NamedTuple):
    transaction: PaymentTransaction
    redirect_url: str


# --- starting a payment ------------------------------------------------------------------------------


def start_payment(dossier, *, user, return_url: str, client_ip: str = "", gateway: str | None = None) -> StartedPayment:
    """Open a transaction for the dossier's unpaid fee and give the gateway address to send the browser to.

    ``return_url``: the (absolute) page the citizen goes back to afterwards; the gateway itself returns to
    our ``payments:return`` page on the same host.
    """
    _check_can_pay(dossier, user)
    gateway_name = gateway or active_gateway_name()
    gw = get_gateway(gateway_name)
    if not getattr(gw, "configured", True):
        raise PaymentError(_("Cổng thanh toán chưa được cấu hình; vui lòng liên hệ cơ quan giải quyết."))
    with db_transaction.atomic():
        txn = PaymentTransaction.objects.create(
            dossier=dossier,
            amount=dossier.fee_total,
            gateway=gateway_name,
            reference=new_reference(),
            description=_("Thanh toán phí, lệ phí hồ sơ %(code)s") % {"code": dossier.code or dossier.pk},
            client_ip=client_ip[:45],
            return_url=return_url[:500],
            created_by=user if getattr(user, "pk", None) else None,
        )
        url = gw.start_payment(txn, gateway_return_url(return_url, gateway_name))
        record(
            actor=user,
            action="payment.started",
            target=txn,
            after={"reference": txn.reference, "amount": str(txn.amount), "gateway": gateway_name},
            agency=dossier.handling_agency_id,
        )
    return StartedPayment(txn, url)


def latest_paid(dossier) -> PaymentTransaction | None:
    """The dossier's last paid transaction (for a link to its receipt), or None."""
    return dossier.payments.filter(status=PaymentStatus.PAID).order_by("-paid_at", "-id").first()


def new_reference(now=None) -> str:
    """Our order id (VNPay's ``vnp_TxnRef``): unique, alphanumeric, 20 characters."""
    now = timezone.localtime(now or timezone.now())
    return f"EG{now:%y%m%d%H%M%S}{secrets.token_hex(3).upper()}"


def gateway_return_url(citizen_url: str, gateway_name: str) -> str:
    """Our return page, on the host the citizen came from."""
    path = reverse("payments:return", args=[gateway_name])
    parts = urlsplit(citizen_url or "")
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme and parts.netloc else path


def _check_can_pay(dossier, user):
    if user is None or dossier.applicant_user_id is None or dossier.applicant_user_id != user.pk:
        raise PaymentError(_("Chỉ người nộp hồ sơ mới được thanh toán trực tuyến cho hồ sơ này."))
    if dossier.fee_paid:
        raise PaymentError(_("Hồ sơ đã được nộp phí, lệ phí."))
    if dossier.status != Status.AWAITING_PAYMENT:
        raise PaymentError(_("Hồ sơ chưa ở trạng thái chờ nộp phí, lệ phí."))
    if not dossier.fee_total or dossier.fee_total <= 0:
        raise PaymentError(_("Hồ sơ không có khoản phí, lệ phí nào cần thanh toán."))


# --- the server-to-server notification --------------------------------------------------------------


def handle_notification(gateway_name: str, params: Mapping[str, str]) -> dict:
    """Verify and apply one notification; return the body to answer the gateway with."""
    params = {str(k): str(v) for k, v in params.items()}  # QueryDict.items(): last values
    try:
        gw = get_gateway(gateway_name)
    except UnknownGatewayError:
        return {"RspCode": "99", "Message": "Unknown gateway"}
    try:
        outcome = _apply(gw, gateway_name, params)
    except Exception:  # the gateway must always get an answer; the failure is logged
        logger.exception("Payment notification from %s failed", gateway_name)
        outcome = Outcome.ERROR
        try:
            _log(gateway_name, params, None, None, outcome, gw.answer(outcome))
        except Exception:
            logger.exception("Payment notification from %s could not be logged", gateway_name)
    return gw.answer(outcome)


def _apply(gw, gateway_name: str, params: dict) -> str:
    note = gw.verify_notification(params)
    with db_transaction.atomic():
        txn = None
        if note.verified:
            txn = (
                PaymentTransaction.objects.select_for_update()
                .filter(reference=note.reference, gateway=gateway_name)
                .first()
            )
        outcome = _decide(note, txn)
        if outcome in (Outcome.ACCEPTED, Outcome.DECLINED):
            _settle(txn, note, outcome)
        _log(gateway_name, params, note, txn, outcome, gw.answer(outcome))
    return outcome


def _decide(note, txn) -> str:
    """VNPay's order of checks: signature, order, amount, already confirmed."""
    if not note.verified:
        return Outcome.FORGED
    if txn is None:
        return Outcome.UNKNOWN_ORDER
    if note.amount is None or Decimal(note.amount) != txn.amount:
        return Outcome.AMOUNT_MISMATCH
    if txn.status != PaymentStatus.PENDING:
        return Outcome.DUPLICATE
    return Outcome.ACCEPTED if note.success else Outcome.DECLINED


def _settle(txn: PaymentTransaction, note, outcome: str):
    now = timezone.now()
    before = {"status": txn.status}
    txn.raw_notification = protocol_params(note.params)
    txn.gateway_transaction_no = note.gateway_transaction_no
    if outcome == Outcome.ACCEPTED:
        txn.status = PaymentStatus.PAID
        txn.paid_at = now
    else:
        txn.status = PaymentStatus.CANCELLED if note.cancelled else PaymentStatus.FAILED
    txn.save(update_fields=["status", "paid_at", "raw_notification", "gateway_transaction_no"])
    if txn.status == PaymentStatus.PAID:
        _mark_dossier_paid(txn, now)
        publish("payment.paid", aggregate=txn, payload=_payload(txn))
    record(
        actor=None,
        action=f"payment.{txn.status}",
        target=txn,
        before=before,
        after={"status": txn.status, "gateway_transaction_no": txn.gateway_transaction_no},
        agency=txn.dossier.handling_agency_id,
    )


def _mark_dossier_paid(txn: PaymentTransaction, now):
    """Through the dossier service (``record_online_payment``) once it exists; until then the dossier is
    left alone and the reconciliation lists it."""
    recorder = getattr(dossier_services, "record_online_payment", None)
    if recorder is None:
        logger.warning("dossiers.services.record_online_payment is missing; dossier %s not marked", txn.dossier_id)
        return
    if not txn.dossier.fee_paid:
        recorder(txn.dossier, reference=txn.reference, amount=txn.amount, now=now)


def _payload(txn: PaymentTransaction) -> dict:
    return {
        "reference": txn.reference,
        "dossier": txn.dossier_id,
        "dossier_code": txn.dossier.code,
        "amount": str(txn.amount),
        "gateway": txn.gateway,
        "gateway_transaction_no": txn.gateway_transaction_no,
        "paid_at": txn.paid_at.isoformat() if txn.paid_at else None,
    }


# The parameters VNPay's IPN defines (the simulator sends the same): only these are kept, each at most 255
# characters, so an anonymous caller cannot make the log store what it likes (issue 14 item 5).
IPN_PARAMETERS = frozenset(
    {
        "vnp_TmnCode", "vnp_Amount", "vnp_BankCode", "vnp_BankTranNo", "vnp_CardType", "vnp_PayDate",
        "vnp_OrderInfo", "vnp_TransactionNo", "vnp_ResponseCode", "vnp_TransactionStatus", "vnp_TxnRef",
        "vnp_SecureHashType", "vnp_SecureHash",
    }
)  # fmt: skip


def protocol_params(params) -> dict:
    return {k: str(v)[:255] for k, v in params.items() if k in IPN_PARAMETERS}


def _log(gateway_name, params, note, txn, outcome, answer):
    params = protocol_params(params)
    PaymentNotificationLog.objects.create(
        gateway=gateway_name,
        reference=(note.reference if note else params.get("vnp_TxnRef", ""))[:100],
        transaction=txn,
        params=params,
        signature_valid=bool(note and note.verified),
        reported_success=bool(note and note.success),
        reported_amount=note.amount if note and note.amount is not None and abs(note.amount) < 10**13 else None,
        outcome=outcome,
        response_code=str(answer.get("RspCode", ""))[:4],
    )
