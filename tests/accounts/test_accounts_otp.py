"""The second factor (TOTP, RFC 6238): optional for staff, required for system administrators (issue 14)."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from egov.accounts import totp
from egov.accounts.models import Role, TotpDevice
from egov.audit import security
from egov.audit.models import SecurityEvent
from factories import StaffUserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026"
WORKSPACE = "core:workspace"


@pytest.mark.parametrize(
    "at, expected",
    [(59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"), (1234567890, "89005924"),
     (2000000000, "69279037"), (20000000000, "65353130")],
)  # fmt: skip
def test_rfc_6238_test_vectors(at, expected):
    assert totp.hotp(b"12345678901234567890", at // 30, digits=8) == expected


def test_a_code_matches_its_step_and_the_neighbours_only():
    secret, now = totp.new_secret(), 1_800_000_000
    assert totp.match(secret, totp.code(secret, now), when=now) == now // 30
    assert totp.match(secret, totp.code(secret, now - 30), when=now) == now // 30 - 1
    assert totp.match(secret, totp.code(secret, now - 90), when=now) is None
    assert totp.match(secret, totp.code(secret, now), when=now, after_step=now // 30) is None  # used already
    assert totp.match(secret, "12ab56", when=now) is None


def _sign_in(client, user):
    return client.post(reverse("accounts:staff-login"), {"username": user.username, "password": PASSWORD})


def test_a_system_admin_enrols_at_the_first_sign_in_then_gives_a_code_each_time():
    admin = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    client = Client()
    response = _sign_in(client, admin)
    assert response.status_code == 302
    held = client.get(reverse("audit:log"))
    assert held.status_code == 302 and held.url.startswith(reverse("accounts:otp-enrol"))

    page = client.get(held.url)
    assert "Bắt buộc" in page.content.decode() or "bắt buộc" in page.content.decode()
    device = TotpDevice.objects.get(user=admin)
    assert device.secret.replace(" ", "")[:4] in page.content.decode()
    assert client.post(held.url, {"code": "000000"}).status_code == 200  # wrong code: stays
    out = StringIO()
    call_command("otp", "code", admin.username, stdout=out)  # what the demo tells to use without a phone
    response = client.post(held.url, {"code": out.getvalue().strip(), "next": reverse("audit:log")})
    assert response.status_code == 302 and response.url == reverse("audit:log")
    assert client.get(reverse("audit:log")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert SecurityEvent.objects.filter(event=security.OTP_ENROLLED, user=admin).exists()
    assert SecurityEvent.objects.filter(event=security.OTP_FAILED, user=admin).count() == 1

    other = Client()
    _sign_in(other, admin)
    held = other.get(reverse(WORKSPACE))
    assert held.url.startswith(reverse("accounts:otp-verify"))
    later = totp.code(device.secret, time.time() + 30)  # the next step (the current one was used to enrol)
    assert other.post(reverse("accounts:otp-verify"), {"code": later}).status_code == 302
    assert other.get(reverse(WORKSPACE)).status_code == 200

    replay = Client()
    _sign_in(replay, admin)
    response = replay.post(reverse("accounts:otp-verify"), {"code": later})
    assert response.status_code == 200 and "đã dùng" in response.content.decode()  # a code works once
    assert replay.get(reverse(WORKSPACE)).status_code == 302


def test_too_many_wrong_codes_end_the_session():
    admin = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    TotpDevice.objects.create(user=admin, secret=totp.new_secret(), confirmed_at="2026-01-01T00:00:00Z")
    client = Client()
    _sign_in(client, admin)
    for _ in range(5):
        response = client.post(reverse("accounts:otp-verify"), {"code": "000000"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_other_staff_choose_the_second_factor_and_may_turn_it_off():
    clerk = StaffUserFactory(roles=[Role.CLERK])
    client = Client()
    _sign_in(client, clerk)
    assert client.get(reverse(WORKSPACE)).status_code == 200  # not held without an authenticator
    assert "Bật xác thực hai bước" in client.get(reverse("accounts:account")).content.decode()
    client.get(reverse("accounts:otp-enrol"))
    device = TotpDevice.objects.get(user=clerk)
    client.post(reverse("accounts:otp-enrol"), {"code": totp.code(device.secret)})
    device.refresh_from_db()
    assert device.confirmed

    again = Client()
    _sign_in(again, clerk)
    assert again.get(reverse(WORKSPACE)).url.startswith(reverse("accounts:otp-verify"))
    again.post(reverse("accounts:otp-verify"), {"code": totp.code(device.secret, time.time() + 30)})
    again.post(reverse("accounts:otp-disable"), {"code": totp.code(device.secret, time.time() - 30)})
    assert TotpDevice.objects.filter(user=clerk).exists()  # an older code than the last one used: refused
    assert SecurityEvent.objects.filter(event=security.OTP_FAILED, user=clerk).exists()


def test_otp_reset_command_lets_a_user_enrol_again():
    admin = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    TotpDevice.objects.create(user=admin, secret=totp.new_secret(), confirmed_at="2026-01-01T00:00:00Z")
    call_command("otp", "reset", admin.username, stdout=StringIO())
    assert not TotpDevice.objects.filter(user=admin).exists()
    client = Client()
    _sign_in(client, admin)
    assert client.get(reverse(WORKSPACE)).url.startswith(reverse("accounts:otp-enrol"))
