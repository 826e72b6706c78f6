"""The catalogue cache (egov.procedures.cache): anonymous searches are served from it, tone marks still do
not matter, signed-in visitors never share it, and any change to the catalogue forgets it."""

import pytest
from django.urls import reverse

from egov.procedures.models import Procedure

from .portal_factories import CitizenFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def _search(client, q):
    return client.get(reverse("services_portal:catalogue"), {"q": q})


def test_repeated_anonymous_search_is_a_cache_hit_and_still_ignores_tone_marks(
    client, world, django_assert_num_queries
):
    ProcedureFactory(onestop=True, name="Đăng ký hộ tịch có yếu tố nước ngoài", sector=world.sector)
    first = _search(client, "ho tich")
    assert first.headers["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = _search(client, "ho tich")
    assert second.headers["X-Portal-Cache"] == "hit"
    assert "Đăng ký hộ tịch có yếu tố nước ngoài" in second.text
    marked = _search(client, "hộ tịch")  # another key, the same rows
    assert "Đăng ký hộ tịch có yếu tố nước ngoài" in marked.text


def test_a_changed_procedure_is_seen_at_once(client, world, django_capture_on_commit_callbacks):
    procedure = ProcedureFactory(onestop=True, name="Chứng thực bản sao từ bản chính", sector=world.sector)
    assert "Chứng thực bản sao" in _search(client, "chung thuc").text
    with django_capture_on_commit_callbacks(execute=True):
        procedure.name = "Chứng thực chữ ký"
        procedure.save()
    response = _search(client, "chung thuc")
    assert response.headers["X-Portal-Cache"] == "miss"
    assert "Chứng thực chữ ký" in response.text and "bản sao" not in response.text
    Procedure.objects.filter(pk=procedure.pk).get().delete()
    assert "Chứng thực chữ ký" not in _search(client, "chung thuc").text


def test_procedure_page_and_public_api_are_cached_per_accept_header(client, world):
    procedure = ProcedureFactory(onestop=True, name="Đăng ký khai tử", sector=world.sector)
    page = reverse("services_portal:procedure", args=[procedure.pk])
    assert client.get(page).headers["X-Portal-Cache"] == "miss"
    assert client.get(page).headers["X-Portal-Cache"] == "hit"
    api = "/api/v1/public/procedures/?search=khai%20tu"
    as_json = client.get(api, HTTP_ACCEPT="application/json")
    assert as_json.headers["X-Portal-Cache"] == "miss"
    again = client.get(api, HTTP_ACCEPT="application/json")
    assert again.headers["X-Portal-Cache"] == "hit" and again.json()["results"][0]["name"] == "Đăng ký khai tử"
    assert client.get(api, HTTP_ACCEPT="text/html").headers["X-Portal-Cache"] == "miss"


def test_signed_in_citizens_never_get_or_fill_the_cache(client, world):
    ProcedureFactory(onestop=True, name="Đăng ký kết hôn", sector=world.sector)
    client.force_login(CitizenFactory())
    assert "X-Portal-Cache" not in _search(client, "ket hon").headers
    client.logout()
    assert _search(client, "ket hon").headers["X-Portal-Cache"] == "miss"
