from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from egov.accounts import throttle
from egov.accounts.models import LoginFailure
from factories import StaffUserFactory, UserFactory

PASSWORD = "Mat-khau-2026"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600


def attempt(client, username, password="sai-mat-khau", url="accounts:staff-login", ip="10.0.0.1"):
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=ip)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_locked_after_max_failures_even_with_right_password(client):
    staff = StaffUserFactory()
    for _ in range(3):
        attempt(client, staff.username)
    response = attempt(client, staff.username, PASSWORD)
    html = response.content.decode()
    assert not is_signed_in(client)
    assert "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 10 phút" in html
    assert "Tên đăng nhập hoặc mật khẩu không đúng." not in html


def test_locked_username_from_another_address_and_letter_case(client):
    StaffUserFactory(username="canbo")
    for i in range(3):
        attempt(client, "CanBo", ip=f"10.0.0.{i + 1}")
    assert throttle.locked_until("CANBO", None) is not None
    attempt(client, "canbo", PASSWORD, ip="10.9.9.9")
    assert not is_signed_in(client)


def test_locked_address_for_every_username(client):
    staff = StaffUserFactory()
    for i in range(3):
        attempt(client, f"doan-{i}", ip="192.0.2.7")
    attempt(client, staff.username, PASSWORD, ip="192.0.2.7")
    assert not is_signed_in(client)
    attempt(client, staff.username, PASSWORD, ip="192.0.2.8")
    assert is_signed_in(client)


def test_success_clears_the_username_failures(client):
    staff = StaffUserFactory()
    for _ in range(2):
        attempt(client, staff.username)
    attempt(client, staff.username, PASSWORD)
    assert is_signed_in(client)
    assert not LoginFailure.objects.filter(username=staff.username).exists()


def test_failures_outside_the_window_do_not_count(client):
    staff = StaffUserFactory()
    for _ in range(3):
        attempt(client, staff.username)
    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=601))
    attempt(client, staff.username, PASSWORD)
    assert is_signed_in(client)


def test_citizen_form_is_throttled_too(client):
    citizen = UserFactory()
    for _ in range(3):
        attempt(client, citizen.username, url="accounts:citizen-login")
    attempt(client, citizen.username, PASSWORD, url="accounts:citizen-login")
    assert not is_signed_in(client)


def test_wrong_kind_counts_as_a_failure(client):
    citizen = UserFactory()
    attempt(client, citizen.username, PASSWORD)
    assert LoginFailure.objects.filter(username=citizen.username, ip_address="10.0.0.1").count() == 1


def test_locked_until_is_when_the_oldest_counted_failure_leaves_the_window():
    now = timezone.now()
    for minutes_ago in (9, 5, 1):
        failure = throttle.record_failure("an", "10.1.1.1")
        LoginFailure.objects.filter(pk=failure.pk).update(at=now - timedelta(minutes=minutes_ago))
    assert throttle.locked_until("an", None, now=now) == now - timedelta(minutes=9) + timedelta(seconds=600)
    assert throttle.locked_until("binh", "10.1.1.1", now=now) is not None
    assert throttle.locked_until("binh", "10.1.1.2", now=now) is None


def test_record_failure_purges_old_rows():
    old = throttle.record_failure("an", None)
    LoginFailure.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=1))
    throttle.record_failure("binh", None)
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["binh"]


def test_client_ip_ignores_forwarded_for_without_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttle.client_ip(request) == "10.0.0.5"


def test_client_ip_behind_a_proxy_takes_the_address_it_appended(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert throttle.client_ip(request) == "203.0.113.9"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="rác")
    assert throttle.client_ip(request) == "10.0.0.5"


def test_client_ip_invalid_remote_addr_is_none():
    assert throttle.client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None
