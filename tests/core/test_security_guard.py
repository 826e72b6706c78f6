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
