from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from egov.accounts.models import Role
from egov.payments.models import PaymentNotificationLog, PaymentStatus, PaymentTransaction
from factories import UserFactory

from .factories import notification, simulator

pytestmark = pytest.mark.django_db


def test_browser_return_without_notification_does_not_mark_paid(client, started, recorded):
    txn = started.transaction
    params = simulator().outcome_params({"vnp_Amount": "20000000", "vnp_TxnRef": txn.reference}, pay=True)
    response = client.get(reverse("payments:return", args=["simulator"]), params)
    assert response.status_code == 200
    assert "đang chờ xác nhận" in response.content.decode()
    txn.refresh_from_db()
    assert txn.status == PaymentStatus.PENDING and recorded == []
    assert not PaymentNotificationLog.objects.exists()


def test_browser_return_with_bad_signature(client, started):
    params = {"vnp_TxnRef": started.transaction.reference, "vnp_ResponseCode": "00", "vnp_SecureHash": "00"}
    response = client.get(reverse("payments:return", args=["simulator"]), params)
    assert response.status_code == 400


def test_ipn_endpoint_answers_json(client, started, recorded):
    url = reverse("payments:ipn", args=["simulator"])
    assert client.get(url, notification(started.transaction)).json() == {"RspCode": "00", "Message": "Confirm Success"}
    assert client.get(url, {"vnp_TxnRef": "x"}).json()["RspCode"] == "97"
    assert PaymentTransaction.objects.get().status == PaymentStatus.PAID


def test_simulator_end_to_end(client, citizen, started, recorded):
    client.force_login(citizen)
    page = client.get(started.redirect_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "200.000" in body and "Thanh toán" in body and "Hủy" in body
    form = {k: v for k, v in page.context["params"].items()}
    response = client.post(reverse("payments:simulator"), {**form, "action": "pay"})
    assert response.status_code == 302
    back = urlsplit(response["Location"])
    assert back.path == reverse("payments:return", args=["simulator"])
    txn = PaymentTransaction.objects.get()
    assert txn.status == PaymentStatus.PAID and len(recorded) == 1
    assert PaymentNotificationLog.objects.get().outcome == "accepted"
    shown = client.get(response["Location"])
    assert "Đã thanh toán" in shown.content.decode()
    assert "/ho-so-cua-toi/1/" in shown.content.decode()
    receipt = client.get(reverse("payments:receipt", args=[txn.reference]))
    assert receipt.status_code == 200 and txn.gateway_transaction_no in receipt.content.decode()
    pdf = client.get(reverse("payments:receipt", args=[txn.reference]), {"dang": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_simulator_cancel_and_tampered_request(client, started):
    page = client.get(started.redirect_url)
    form = dict(page.context["params"])
    assert client.post(reverse("payments:simulator"), {**form, "vnp_Amount": "100", "action": "pay"}).status_code == 404
    response = client.post(reverse("payments:simulator"), {**form, "action": "cancel"})
    assert response.status_code == 302
    assert PaymentTransaction.objects.get().status == PaymentStatus.CANCELLED


def test_receipt_only_for_the_applicant_and_only_when_paid(client, started, recorded):
    txn = started.transaction
    url = reverse("payments:receipt", args=[txn.reference])
    client.force_login(started.transaction.dossier.applicant_user)
    assert client.get(url).status_code == 404  # not paid yet
    client.get(reverse("payments:ipn", args=["simulator"]), notification(txn))
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("accounts:citizen-login"))


def test_staff_reconciliation_page(client, started, recorded):
    from dossiers.factories import OneStopWorld

    world = OneStopWorld()
    officer = world.officer
    dossier = started.transaction.dossier
    type(dossier).objects.filter(pk=dossier.pk).update(
        receiving_agency=world.centre, handling_agency=world.so, current_unit=world.centre
    )
    client.force_login(officer)
    response = client.get(reverse("payments:reconciliation"), {"ngay": "2026-13-01"})
    assert response.status_code == 200 and "Ngày không hợp lệ" in response.content.decode()
    assert officer.has_role(Role.ONESTOP_OFFICER)


def test_the_simulator_is_off_when_a_real_gateway_is_active(client, started, settings):
    params = notification(started.transaction)
    settings.PAYMENT_GATEWAY = "vnpay"
    assert client.get(started.redirect_url).status_code == 404
    assert client.get(reverse("payments:ipn", args=["simulator"]), params).json()["RspCode"] == "99"
    assert PaymentTransaction.objects.get().status == PaymentStatus.PENDING


def test_simulator_sends_the_ipn_over_http_to_our_endpoint(client, citizen, started, recorded, monkeypatch):
    """The simulator calls our IPN address like VNPay; here the call is routed back into the test client."""
    sent = []

    def fake_send(url, params):
        sent.append(url)
        return client.get(urlsplit(url).path, params).json()

    monkeypatch.setattr("egov.payments.views.send_ipn", fake_send)
    client.force_login(citizen)
    form = dict(client.get(started.redirect_url).context["params"])
    client.post(reverse("payments:simulator"), {**form, "action": "pay"})
    assert sent == ["http://testserver" + reverse("payments:ipn", args=["simulator"])]
    assert PaymentTransaction.objects.get().status == PaymentStatus.PAID
    assert list(PaymentNotificationLog.objects.values_list("outcome", flat=True)) == ["accepted"]
