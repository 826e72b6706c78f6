from decimal import Decimal

import pytest

from egov.audit.models import AuditRecord
from egov.dossiers.transitions import Status
from egov.events.models import OutboxEvent
from egov.payments import services
from egov.payments.models import PaymentNotificationLog, PaymentStatus, PaymentTransaction
from factories import UserFactory

from .factories import FEE, awaiting_payment, notification

pytestmark = pytest.mark.django_db


def test_start_payment_opens_a_pending_transaction(started, dossier):
    txn, url = started
    assert txn.status == PaymentStatus.PENDING and txn.amount == FEE and txn.gateway == "simulator"
    assert url.startswith("/thanh-toan/mo-phong/?") and "vnp_SecureHash=" in url
    assert "vnp_ReturnUrl=http%3A%2F%2Ftestserver%2Fthanh-toan%2Fket-qua%2Fsimulator%2F" in url
    assert started.redirect_url == url  # the portal reads .redirect_url
    assert AuditRecord.objects.filter(action="payment.started", object_id=str(txn.pk)).exists()


def test_start_payment_refuses_others_and_wrong_states(citizen):
    dossier = awaiting_payment(citizen)
    with pytest.raises(services.PaymentError, match="Chỉ người nộp hồ sơ"):
        services.start_payment(dossier, user=UserFactory(), return_url="/")
    for fields in ({"fee_paid": True}, {"status": Status.RECEIVED}, {"fee_total": Decimal(0)}):
        with pytest.raises(services.PaymentError):
            services.start_payment(awaiting_payment(citizen, **fields), user=citizen, return_url="/")
    assert not PaymentTransaction.objects.exists()


def test_verified_notification_marks_paid_once(started, dossier, recorded):
    txn = started.transaction
    params = notification(txn)
    assert services.handle_notification("simulator", params) == {"RspCode": "00", "Message": "Confirm Success"}
    txn.refresh_from_db()
    assert txn.status == PaymentStatus.PAID and txn.paid_at and txn.gateway_transaction_no
    assert txn.raw_notification["vnp_TxnRef"] == txn.reference
    assert recorded == [(dossier.pk, txn.reference, FEE)]
    assert OutboxEvent.objects.filter(topic="payment.paid", aggregate_id=str(txn.pk)).count() == 1
    assert AuditRecord.objects.filter(action="payment.paid").count() == 1


def test_duplicate_notification_is_idempotent(started, recorded):
    txn = started.transaction
    params = notification(txn)
    services.handle_notification("simulator", params)
    paid_at = PaymentTransaction.objects.get(pk=txn.pk).paid_at
    assert services.handle_notification("simulator", params)["RspCode"] == "02"
    assert PaymentTransaction.objects.get(pk=txn.pk).paid_at == paid_at
    assert len(recorded) == 1
    assert OutboxEvent.objects.filter(topic="payment.paid").count() == 1
    outcomes = list(PaymentNotificationLog.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["accepted", "duplicate"]


def test_forged_signature_is_rejected_and_logged(started, recorded):
    txn = started.transaction
    forged = notification(txn, secret="not-the-simulator-secret")
    assert services.handle_notification("simulator", forged)["RspCode"] == "97"
    tampered = {**notification(txn), "vnp_ResponseCode": "00", "vnp_Amount": "100"}
    assert services.handle_notification("simulator", tampered)["RspCode"] == "97"
    txn.refresh_from_db()
    assert txn.status == PaymentStatus.PENDING and recorded == []
    logs = PaymentNotificationLog.objects.all()
    assert [(log.outcome, log.signature_valid) for log in logs] == [("forged", False)] * 2


def test_amount_mismatch_is_rejected_and_logged(started, recorded):
    txn = started.transaction
    answer = services.handle_notification("simulator", notification(txn, amount=Decimal(1000)))
    assert answer["RspCode"] == "04"
    txn.refresh_from_db()
    assert txn.status == PaymentStatus.PENDING and recorded == []
    log = PaymentNotificationLog.objects.get()
    assert log.outcome == "amount_mismatch" and log.signature_valid and log.reported_amount == Decimal(1000)


def test_unknown_order_and_unknown_gateway(started):
    params = notification(started.transaction, vnp_TxnRef="EGNOSUCHORDER")
    assert services.handle_notification("simulator", params)["RspCode"] == "01"
    assert PaymentNotificationLog.objects.get().outcome == "unknown_order"
    assert services.handle_notification("vnpay", notification(started.transaction))["RspCode"] == "97"
    assert services.handle_notification("nosuch", {})["RspCode"] == "99"


def test_cancelled_payment_is_recorded_not_paid(started, recorded):
    txn = started.transaction
    assert services.handle_notification("simulator", notification(txn, pay=False))["RspCode"] == "00"
    txn.refresh_from_db()
    assert txn.status == PaymentStatus.CANCELLED and recorded == []
    # A later "paid" for the same order is answered as already confirmed and changes nothing.
    assert services.handle_notification("simulator", notification(txn))["RspCode"] == "02"
    assert PaymentTransaction.objects.get(pk=txn.pk).status == PaymentStatus.CANCELLED


def test_paid_without_the_dossier_service_leaves_the_dossier_alone(started, dossier, monkeypatch):
    monkeypatch.delattr("egov.dossiers.services.record_online_payment", raising=False)
    services.handle_notification("simulator", notification(started.transaction))
    assert PaymentTransaction.objects.get().status == PaymentStatus.PAID
    dossier.refresh_from_db()
    assert not dossier.fee_paid and dossier.status == Status.AWAITING_PAYMENT


def test_an_unconfigured_gateway_is_refused(dossier, citizen, settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_TMN_CODE = ""
    with pytest.raises(services.PaymentError, match="chưa được cấu hình"):
        services.start_payment(dossier, user=citizen, return_url="/")


def test_vnpay_gateway_selected_by_settings(dossier, citizen, settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_TMN_CODE = "DEMOV210"
    settings.VNPAY_HASH_SECRET = "S3CRET"
    settings.VNPAY_PAY_URL = "https://pay.example/vpcpay.html"
    txn, url = services.start_payment(dossier, user=citizen, return_url="https://egov.example/ho-so/")
    assert txn.gateway == "vnpay" and url.startswith("https://pay.example/vpcpay.html?vnp_Amount=20000000&")
    assert "vnp_ReturnUrl=https%3A%2F%2Fegov.example%2Fthanh-toan%2Fket-qua%2Fvnpay%2F" in url
