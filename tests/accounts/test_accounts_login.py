import pytest
from django.urls import reverse

from egov.accounts.models import User
from factories import StaffUserFactory, UserFactory

PASSWORD = "Mat-khau-2026"
NEUTRAL = "Tên đăng nhập hoặc mật khẩu không đúng."

pytestmark = pytest.mark.django_db


def sign_in(client, url_name, username, password=PASSWORD, **extra):
    return client.post(reverse(url_name), {"username": username, "password": password, **extra})


def test_staff_login_page_renders_accessibly(client):
    response = client.get(reverse("accounts:staff-login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert '<label class="form-label" for="id_username">' in html
    assert '<label class="form-label" for="id_password">' in html
    assert 'autocomplete="current-password"' in html


def test_staff_sign_in_redirects_to_workspace(client):
    staff = StaffUserFactory()
    response = sign_in(client, "accounts:staff-login", staff.username)
    assert response.status_code == 302
    assert response.url == reverse("core:workspace")
    assert client.get(reverse("core:workspace")).status_code == 200


def test_staff_sign_in_follows_safe_next(client):
    staff = StaffUserFactory()
    response = sign_in(client, "accounts:staff-login", staff.username, next="/doi-mat-khau/")
    assert response.url == "/doi-mat-khau/"
    response = sign_in(client, "accounts:staff-login", staff.username, next="https://evil.example/")
    assert response.url == reverse("core:workspace")


@pytest.mark.parametrize("kind", [User.Kind.CITIZEN, User.Kind.BUSINESS])
def test_staff_form_refuses_applicant_accounts_neutrally(client, kind):
    citizen = UserFactory(kind=kind)
    response = sign_in(client, "accounts:staff-login", citizen.username)
    assert response.status_code == 200
    assert NEUTRAL in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_citizen_form_refuses_staff_account_neutrally(client):
    staff = StaffUserFactory()
    response = sign_in(client, "accounts:citizen-login", staff.username)
    assert response.status_code == 200
    assert NEUTRAL in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_and_wrong_kind_give_the_same_answer(client):
    citizen = UserFactory()
    wrong_kind = sign_in(client, "accounts:staff-login", citizen.username).content.decode()
    wrong_password = sign_in(client, "accounts:staff-login", citizen.username, "sai").content.decode()
    unknown = sign_in(client, "accounts:staff-login", "khong-ton-tai").content.decode()
    for html in (wrong_kind, wrong_password, unknown):
        assert NEUTRAL in html


def test_citizen_sign_in_goes_to_the_portal(client):
    citizen = UserFactory()
    response = sign_in(client, "accounts:citizen-login", citizen.username)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert int(client.session["_auth_user_id"]) == citizen.pk


def test_inactive_staff_cannot_sign_in(client):
    staff = StaffUserFactory(is_active=False)
    response = sign_in(client, "accounts:staff-login", staff.username)
    assert NEUTRAL in response.content.decode()


def test_sign_out_is_post_only_and_ends_the_session(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "_auth_user_id" not in client.session
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Bạn đã đăng xuất." in response.content.decode()


def test_workspace_shows_sign_out_form(client):
    client.force_login(StaffUserFactory())
    html = client.get(reverse("core:workspace")).content.decode()
    assert f'action="{reverse("accounts:logout")}" method="post"' in html


def test_oidc_start_is_404_when_oidc_is_off(client, settings):
    settings.OIDC_ENABLED = False
    assert client.post(reverse("accounts:citizen-oidc")).status_code == 404
    assert client.post(reverse("accounts:staff-oidc")).status_code == 404
