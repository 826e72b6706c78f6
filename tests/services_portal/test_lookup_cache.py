"""The public look-up cache (services_portal.lookup_cache): found dossiers only, forgotten when the dossier
changes, never for signed-in visitors, misses still counted for the lock-out."""

import pytest
from django.urls import reverse

from egov.dossiers import services as dossier_services

pytestmark = pytest.mark.django_db


def _lookup(client, code, digits):
    return client.get(reverse("services_portal:track"), {"code": code, "last_digits": digits})


def test_a_found_dossier_is_served_from_the_cache_until_it_changes(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    dossier = world.receive()
    first = _lookup(client, dossier.code, "2345")
    assert first.headers["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = _lookup(client, dossier.code.lower(), "2345")  # codes are case-insensitive
    assert again.headers["X-Portal-Cache"] == "hit" and dossier.get_status_display() in again.text
    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.request_supplement(dossier, actor=world.officer, reason="Thiếu bản sao")
    dossier.refresh_from_db()
    after = _lookup(client, dossier.code, "2345")
    assert after.headers["X-Portal-Cache"] == "miss" and dossier.get_status_display() in after.text


def test_misses_are_never_cached_and_still_lock_the_code(client, world):
    dossier = world.receive()
    for _ in range(5):
        response = _lookup(client, dossier.code, "0000")
        assert "X-Portal-Cache" not in response.headers
    assert "quá nhiều lần" in _lookup(client, dossier.code, "2345").text


def test_signed_in_visitors_bypass_the_cache(citizen_client, world):
    dossier = world.receive()
    assert "X-Portal-Cache" not in _lookup(citizen_client, dossier.code, "2345").headers
