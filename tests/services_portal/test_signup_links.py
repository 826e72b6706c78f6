"""Citizens find the sign-up page: the sign-in page, the header of public pages and the portal home link it
(issue 13, item 8)."""

import pytest
from django.urls import reverse

REGISTER = "/dich-vu-cong/dang-ky/"


def links_to_register(response) -> int:
    return response.content.decode().count(f'href="{REGISTER}"')


@pytest.mark.django_db
def test_the_citizen_sign_in_page_links_sign_up(client):
    assert reverse("services_portal:register") == REGISTER
    response = client.get(reverse("accounts:citizen-login"))
    assert response.status_code == 200
    assert "Chưa có tài khoản?" in response.content.decode()
    assert links_to_register(response) >= 2  # the header and the form's "no account yet?"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["services_portal:catalogue", "services_portal:track"])
def test_the_header_of_public_pages_links_sign_up_for_visitors(client, name):
    assert links_to_register(client.get(reverse(name))) >= 1


@pytest.mark.django_db
def test_the_header_hides_sign_up_once_signed_in(client):
    from factories import UserFactory

    client.force_login(UserFactory())
    assert links_to_register(client.get(reverse("services_portal:catalogue"))) == 0


@pytest.mark.django_db
def test_the_services_landing_home_links_sign_up(client):
    # without a CMS portal, "/" is the services landing page
    assert links_to_register(client.get("/")) >= 2
