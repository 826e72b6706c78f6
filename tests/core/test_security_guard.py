"""Anonymous request bodies are capped (issue 14 item 5): a 4 MB POST to the payment IPN was stored whole."""

import pytest
from django.urls import reverse

from egov.payments.models import PaymentNotificationLog
from factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_a_large_anonymous_post_to_the_payment_ipn_is_refused_and_not_stored(client, settings):
    settings.ANONYMOUS_MAX_BODY_BYTES = 64 * 1024
    body = {"vnp_TxnRef": "X", "vnp_OrderInfo": "a" * (100 * 1024)}
    response = client.post(reverse("payments:ipn", args=["vnpay"]), body)
    assert response.status_code == 413
    assert not PaymentNotificationLog.objects.exists()
    small = client.post(reverse("payments:ipn", args=["vnpay"]), {"vnp_TxnRef": "X"})
    assert small.status_code == 200  # the gateway still gets its answer for a normal notification


def test_the_cap_is_for_anonymous_visitors_and_views_that_take_files_declare_theirs(client, settings):
    settings.ANONYMOUS_MAX_BODY_BYTES = 1024
    big = {"q": "a" * 4096}
    assert client.post(reverse("accounts:citizen-login"), big).status_code == 413
    feedback = client.post(reverse("feedback:ask"), big)
    assert feedback.status_code != 413  # a citizen may attach a file without signing in
    client.force_login(StaffUserFactory())
    assert client.post(reverse("accounts:citizen-login"), big).status_code != 413


def test_the_ipn_log_keeps_only_the_parameters_vnpay_defines(client):
    client.post(reverse("payments:ipn", args=["vnpay"]), {"vnp_TxnRef": "X", "junk": "a" * 1000, "vnp_X": "b"})
    assert PaymentNotificationLog.objects.get().params == {"vnp_TxnRef": "X"}


def test_the_payment_ipn_is_throttled_per_address_and_a_refused_call_is_not_logged(client, settings):
    """Issue 14 item 5: the IPN accepted (and logged) any number of anonymous calls from one address."""
    settings.PAYMENT_RATE_LIMIT, settings.PAYMENT_RATE_WINDOW_SECONDS = 3, 60
    url = reverse("payments:ipn", args=["vnpay"])
    for _ in range(3):
        assert client.post(url, {"vnp_TxnRef": "X"}, REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.post(url, {"vnp_TxnRef": "X"}, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and refused.content == b"Too many requests\n"
    assert PaymentNotificationLog.objects.count() == 3
    assert client.get(url, {"vnp_TxnRef": "X"}, REMOTE_ADDR="203.0.113.7").status_code == 429  # VNPay uses GET
    assert client.post(url, {"vnp_TxnRef": "X"}, REMOTE_ADDR="198.51.100.2").status_code == 200
    assert PaymentNotificationLog.objects.count() == 4


def test_behind_a_proxy_the_throttle_counts_the_address_the_proxy_appended(client, settings):
    settings.PAYMENT_RATE_LIMIT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = reverse("payments:ipn", args=["vnpay"])
    first = client.post(url, {"vnp_TxnRef": "X"}, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    assert first.status_code == 200
    forged = client.post(url, {"vnp_TxnRef": "X"}, HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.7")
    assert forged.status_code == 429  # the client's own entries change nothing
    assert client.post(url, {"vnp_TxnRef": "X"}, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_the_payment_simulator_is_throttled_per_address(client, settings):
    settings.PAYMENT_RATE_LIMIT = 2
    url = reverse("payments:simulator")
    assert [client.get(url).status_code for _ in range(3)][-1] == 429
