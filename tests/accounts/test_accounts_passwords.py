import re

import pytest
from django.core import mail
from django.urls import reverse

from factories import StaffUserFactory, UserFactory

PASSWORD = "Mat-khau-2026"
NEW_PASSWORD = "Bau-troi-xanh-2027"

pytestmark = pytest.mark.django_db


def test_password_change_requires_sign_in(client):
    response = client.get(reverse("accounts:password-change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:staff-login"))


def test_staff_changes_password_in_the_workspace(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    page = client.get(reverse("accounts:password-change")).content.decode()
    assert 'class="sidebar"' in page
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:password-change-done")
    assert "Đã đổi mật khẩu" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert "_auth_user_id" in client.session  # still signed in


def test_password_change_shows_field_errors_accessibly(client):
    client.force_login(UserFactory())
    html = client.post(
        reverse("accounts:password-change"),
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ).content.decode()
    assert 'class="site-header"' in html  # citizens see it in the portal
    assert 'aria-invalid="true"' in html
    assert 'id="id_old_password_error"' in html
    assert re.search(r'aria-describedby="[^"]*id_old_password_error', html)


def test_password_reset_sends_a_vietnamese_email_and_the_link_works(client):
    user = UserFactory(email="an@example.vn")
    response = client.post(reverse("accounts:password-reset"), {"email": "an@example.vn"})
    assert response.url == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.vn"]
    assert "Đặt lại mật khẩu" in message.subject
    assert "Chúng tôi nhận được yêu cầu đặt lại mật khẩu" in message.body
    assert f"Tên đăng nhập của bạn: {user.username}" in message.body
    link = re.search(r"http://testserver(/dat-lai-mat-khau/\S+)", message.body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    page = client.get(form_url)
    assert page.context["validlink"]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_email_sends_nothing_but_looks_the_same(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "khong-co@example.vn"})
    assert response.url == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_password_reset_bad_link_says_so(client):
    html = client.get(reverse("accounts:password-reset-confirm", args=["MQ", "sai-token"])).content.decode()
    assert "Liên kết đặt lại mật khẩu không hợp lệ" in html
