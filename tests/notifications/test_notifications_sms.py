import socket

import pytest
from django.core.exceptions import ValidationError

from egov.notifications.models import Message, SimulatedSms
from egov.notifications.services import send_sms
from egov.notifications.sms import (
    HttpSmsGateway,
    SimulatorSmsGateway,
    SmsError,
    get_sms_gateway,
    normalize_phone,
)
from notifications.loopback_server import sms_provider

HTTP_GATEWAY = "egov.notifications.sms.HttpSmsGateway"


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("0912345678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84 912 345 678", "0912345678"),
        ("0386.123.456", "0386123456"),
        ("(+84) 70-123-4567", "0701234567"),
    ],
)
def test_vietnamese_mobile_numbers_are_accepted(raw, normalized):
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize(
    "raw", ["", "091234567", "09123456789", "1912345678", "0112345678", "+8412345678", "+1 912345678", "09123abc78"]
)
def test_other_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalize_phone(raw)
    assert excinfo.value.messages[0].startswith(f"Số điện thoại “{raw}” không hợp lệ")


def test_default_gateway_is_the_simulator():
    assert isinstance(get_sms_gateway(), SimulatorSmsGateway)


@pytest.mark.django_db
def test_send_sms_through_the_simulator(immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(phone="+84 912 345 678", text="Ho so H12-0001 da co ket qua.", reason="dossier.done")
    message.refresh_from_db()
    sms = SimulatedSms.objects.get()
    assert (sms.phone, sms.text) == ("0912345678", "Ho so H12-0001 da co ket qua.")
    assert (message.channel, message.recipient, message.status) == ("sms", "0912345678", "sent")
    assert message.provider_id == f"sim-{sms.pk}"


@pytest.mark.django_db
def test_send_sms_refuses_bad_input_and_queues_nothing():
    with pytest.raises(ValidationError, match="Số điện thoại “12345” không hợp lệ"):
        send_sms(phone="12345", text="x")
    with pytest.raises(ValidationError, match="Nội dung tin nhắn không được để trống."):
        send_sms(phone="0912345678", text="   ")
    assert Message.objects.count() == 0


def test_http_gateway_posts_json_with_the_token():
    with sms_provider() as (url, provider):
        provider_id = HttpSmsGateway(url=url, token="bi-mat", sender="UBND TINH").send("0912345678", "Xin chào")
    assert provider_id == "prov-123"
    [request] = provider.requests
    assert request["path"] == "/api/sms"
    assert request["json"] == {"to": "+84912345678", "text": "Xin chào", "sender": "UBND TINH"}
    assert request["headers"]["Authorization"] == "Bearer bi-mat"
    assert request["headers"]["Content-Type"] == "application/json"


def test_http_gateway_reads_its_settings(settings):
    with sms_provider(answer={"message_id": 42}) as (url, provider):
        settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN = url, "tu-cai-dat"
        assert HttpSmsGateway().send("0912345678", "a") == "42"
    assert provider.requests[0]["headers"]["Authorization"] == "Bearer tu-cai-dat"
    assert "sender" not in provider.requests[0]["json"]


def test_http_gateway_reports_provider_errors():
    with sms_provider(status=500, answer={"error": "quota"}) as (url, _):
        with pytest.raises(SmsError, match="HTTP 500"):
            HttpSmsGateway(url=url, token="t").send("0912345678", "a")


def test_http_gateway_reports_an_unreachable_provider():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SmsError, match="unreachable"):
        HttpSmsGateway(url=f"http://127.0.0.1:{port}/sms", token="t", timeout=2).send("0912345678", "a")


@pytest.mark.parametrize("url", ["", "file:///etc/passwd", "ftp://127.0.0.1/"])
def test_http_gateway_needs_an_http_url(url):
    with pytest.raises(SmsError, match="SMS_HTTP_URL"):
        HttpSmsGateway(url=url, token="t").send("0912345678", "a")


@pytest.mark.django_db
def test_send_sms_through_the_http_gateway(settings, immediate_tasks, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = HTTP_GATEWAY
    with sms_provider(answer={"id": "vn-777"}) as (url, provider):
        settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN = url, "t"
        with django_capture_on_commit_callbacks(execute=True):
            message = send_sms(phone="0912345678", text="Ma OTP: 123456")
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("sent", "vn-777")
    assert provider.requests[0]["json"]["text"] == "Ma OTP: 123456"
    assert SimulatedSms.objects.count() == 0


@pytest.mark.django_db
def test_sms_gateway_failure_is_recorded(settings, immediate_tasks, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = HTTP_GATEWAY
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    with sms_provider(status=503, answer={"error": "busy"}) as (url, provider):
        settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN = url, "t"
        with django_capture_on_commit_callbacks(execute=True):
            message = send_sms(phone="0912345678", text="a")
    message.refresh_from_db()
    assert (message.status, message.attempts, len(provider.requests)) == ("failed", 2, 2)
    assert message.last_error.startswith("SmsError: provider answered HTTP 503")
