"""Staff session idle timeout and lifetime, sign out everywhere, password rules (issue 14, sessions and accounts)."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from egov.accounts import sessions
from egov.audit import security
from egov.audit.models import SecurityEvent
from factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db
WORKSPACE = "core:workspace"


def _age(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_session_ends_after_the_idle_timeout(client, settings):
    settings.EGOV_SESSION_IDLE_MINUTES = 30
    client.force_login(StaffUserFactory())
    assert client.get(reverse(WORKSPACE)).status_code == 200
    _age(client, egov_seen=29 * 60)
    assert client.get(reverse(WORKSPACE)).status_code == 200  # 29 minutes idle: still signed in
    _age(client, egov_seen=31 * 60)
    response = client.get(reverse(WORKSPACE))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:staff-login"))
    assert not _signed_in(client)
    assert SecurityEvent.objects.get(event=security.SESSION_EXPIRED).details == {"reason": "idle"}


def test_staff_session_ends_after_its_lifetime_even_when_active(client, settings):
    settings.EGOV_SESSION_MAX_HOURS = 12
    client.force_login(StaffUserFactory())
    client.get(reverse(WORKSPACE))
    _age(client, egov_started=12 * 3600 + 5, egov_seen=10)
    assert client.get(reverse(WORKSPACE)).status_code == 302
    assert SecurityEvent.objects.get(event=security.SESSION_EXPIRED).details == {"reason": "lifetime"}


def test_citizens_are_not_held_to_the_staff_idle_timeout(client):
    client.force_login(UserFactory())
    client.get(reverse("accounts:account"))
    _age(client, egov_seen=5 * 3600)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_sign_out_everywhere_ends_every_session_of_the_user():
    staff = StaffUserFactory()
    laptop, phone, colleague = Client(), Client(), Client()
    laptop.force_login(staff)
    phone.force_login(staff)
    colleague.force_login(StaffUserFactory())
    for client in (laptop, phone, colleague):
        assert client.get(reverse(WORKSPACE)).status_code == 200

    page = laptop.get(reverse("accounts:account")).content.decode()
    assert "Đăng xuất khỏi mọi thiết bị" in page
    response = laptop.post(reverse("accounts:logout-everywhere"))
    assert response.status_code == 302 and not _signed_in(laptop)
    assert phone.get(reverse(WORKSPACE)).status_code == 302 and not _signed_in(phone)
    assert colleague.get(reverse(WORKSPACE)).status_code == 200
    assert SecurityEvent.objects.filter(event=security.SESSIONS_REVOKED, user=staff).count() == 1
    staff.refresh_from_db()
    assert staff.session_epoch == 1

    again = Client()
    again.post(reverse("accounts:staff-login"), {"username": staff.username, "password": "Mat-khau-2026"})
    assert again.get(reverse(WORKSPACE)).status_code == 200  # a new sign-in works as usual
    assert again.session[sessions.EPOCH] == 1


@pytest.mark.parametrize(
    "password, code",
    [
        ("ngan1!A", "password_too_short"),
        ("matkhau-2026", "password_character_classes"),  # no capital letter
        ("MatKhauManh2026", "password_character_classes"),  # no special character
        ("Mật-Khẩu-Mạnh!", "password_character_classes"),  # no digit
        ("password", "password_too_common"),  # Django's offline list of 20,000 common passwords
        ("12345678", "password_entirely_numeric"),
    ],
)
def test_passwords_follow_the_government_rules(password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert code in {error.code for error in refused.value.error_list}


def test_a_strong_password_is_accepted():
    validate_password("Bầu-trời-xanh-2027")
    validate_password("Mat-khau-2026")
