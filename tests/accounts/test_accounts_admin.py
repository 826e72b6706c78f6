import pytest
from django.contrib import admin
from django.urls import reverse

from egov.accounts.models import LoginFailure, Role, User
from factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = StaffUserFactory(is_staff=True, is_superuser=True, roles=[Role.SYSTEM_ADMIN])
    client.force_login(user)
    return client


def test_user_admin_pages_render(superuser_client):
    user = StaffUserFactory(roles=[Role.CLERK])
    assert superuser_client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    page = superuser_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="kind"' in html and 'name="oidc_subject"' in html and 'name="roles-0-role"' in html
    assert superuser_client.get(reverse("admin:accounts_user_add")).status_code == 200


def test_login_failures_are_read_only(superuser_client):
    LoginFailure.objects.create(username="an", ip_address="10.0.0.1")
    model_admin = admin.site._registry[LoginFailure]
    assert superuser_client.get(reverse("admin:accounts_loginfailure_changelist")).status_code == 200
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None)


def test_admin_login_refuses_citizens_even_with_is_staff(client):
    citizen = UserFactory(is_staff=True, kind=User.Kind.CITIZEN)
    client.post(reverse("admin:login"), {"username": citizen.username, "password": "Mat-khau-2026"})
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username=citizen.username).exists()
