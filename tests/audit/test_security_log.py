"""The security log: sign-ins, failures, lock-outs, 403s are recorded; admins see them on a page."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from egov.accounts.models import Role
from egov.audit import security
from egov.audit.models import AppendOnlyError, SecurityEvent
from factories import AgencyFactory, OfficialFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026"


def _events(event):
    return list(SecurityEvent.objects.filter(event=event).order_by("id"))


def test_record_takes_user_address_path_and_details_from_the_request():
    agency = AgencyFactory()
    user = StaffUserFactory(official=OfficialFactory(agency=agency))
    request = RequestFactory().get("/tep/7/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox")
    request.user = user
    entry = security.record(security.SECRET_DOWNLOAD, request, target=agency, file_id=7)
    entry.refresh_from_db()
    assert (entry.user_id, entry.username, entry.ip_address) == (user.pk, user.username, "203.0.113.9")
    assert (entry.path, entry.user_agent, entry.agency_id) == ("/tep/7/", "Firefox", agency.pk)
    assert (entry.object_type, entry.object_id, entry.details) == ("agencies.agency", str(agency.pk), {"file_id": 7})


def test_record_refuses_bad_codes_and_rows_cannot_change():
    with pytest.raises(ValueError):
        security.record("Not A Code")
    entry = security.record(security.LOGOUT)
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.update(event="x")


def test_sign_in_success_failure_and_lock_out_are_recorded(client, settings):
    settings.LOGIN_MAX_FAILURES = 2
    staff = StaffUserFactory()
    url = reverse("accounts:staff-login")
    client.post(url, {"username": staff.username, "password": PASSWORD})
    assert [e.user_id for e in _events(security.LOGIN_SUCCEEDED)] == [staff.pk]
    client.post(reverse("accounts:logout"))
    assert [e.user_id for e in _events(security.LOGOUT)] == [staff.pk]

    for _ in range(2):
        client.post(url, {"username": "nobody", "password": "wrong"})
    client.post(url, {"username": "nobody", "password": "wrong"})
    failed = _events(security.LOGIN_FAILED)
    assert [(e.username, e.user_id, e.ip_address) for e in failed] == [("nobody", None, "127.0.0.1")] * 2
    assert [e.username for e in _events(security.LOGIN_LOCKED)] == ["nobody"]


def test_a_refusal_is_recorded(client):
    specialist = StaffUserFactory(roles=[Role.SPECIALIST])
    client.force_login(specialist)
    assert client.get(reverse("audit:log")).status_code == 403
    [entry] = _events(security.PERMISSION_DENIED)
    assert (entry.user_id, entry.path, entry.details) == (specialist.pk, reverse("audit:log"), {"method": "GET"})


def test_system_admin_sees_all_events_agency_admin_only_their_agency(client):
    agency, other = AgencyFactory(), AgencyFactory()
    security.record(security.LOGIN_FAILED, username="ghost")
    mine = security.record(security.PERSONAL_DATA_EXPORT, agency=agency)
    security.record(security.PERSONAL_DATA_EXPORT, agency=other)

    client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
    response = client.get(reverse("audit:security"))
    assert response.status_code == 200
    events = [e.event for e in response.context["page"]]
    assert sorted(events) == sorted(
        [security.LOGIN_FAILED, security.LOGIN_SUCCEEDED] + [security.PERSONAL_DATA_EXPORT] * 2
    )
    assert "Xuất dữ liệu cá nhân" in response.content.decode()

    client.force_login(StaffUserFactory(roles=[Role.AGENCY_ADMIN], official=OfficialFactory(agency=agency)))
    response = client.get(reverse("audit:security"), {"event": security.PERSONAL_DATA_EXPORT})
    assert [e.pk for e in response.context["page"]] == [mine.pk]


def test_other_users_cannot_see_the_security_log(client):
    client.force_login(UserFactory())
    assert client.get(reverse("audit:security")).status_code == 403


def test_security_report_summarises_the_last_days():
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    for _ in range(3):
        security.record(security.LOGIN_FAILED, username="mallory")
    security.record(security.LOGIN_LOCKED, username="mallory")
    security.record(security.PERMISSION_DENIED, username="bob")
    old = security.record(security.LOGIN_FAILED, username="long-ago")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SecurityEvent._meta.db_table} SET at = %s WHERE id = %s",
            [timezone.now() - timedelta(days=9), old.pk],
        )
    out = StringIO()
    call_command("security", "report", "--days", "7", stdout=out)
    text = out.getvalue()
    assert "(7 ngày): 5 sự kiện" in text
    assert "      3  Đăng nhập thất bại (login.failed)" in text
    assert "      3  mallory" in text
    assert "Tài khoản bị tạm khóa:" in text and "long-ago" not in text
