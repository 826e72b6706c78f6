"""Anonymous visitors get cached pages; signed-in users never; publishing invalidates."""

import re

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: F401  (messages middleware in use)

from factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_second_anonymous_view_is_served_from_the_cache(world, browser_client, django_assert_max_num_queries):
    world.news_page(title="Tin đầu tiên")
    assert browser_client.get("/")["X-Portal-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # the view counter's UPDATE only
        response = browser_client.get("/")
    assert response["X-Portal-Cache"] == "hit" and "Tin đầu tiên" in response.content.decode()


def test_publishing_invalidates_the_cache(world, browser_client, django_capture_on_commit_callbacks):
    browser_client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        world.news_page(title="Tin vừa đăng")
    response = browser_client.get("/")
    assert response["X-Portal-Cache"] == "miss" and "Tin vừa đăng" in response.content.decode()


def test_unpublishing_invalidates_the_cache(world, browser_client, django_capture_on_commit_callbacks):
    page = world.news_page(title="Tin sẽ gỡ")
    assert "Tin sẽ gỡ" in browser_client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish(user=world.admin)
    assert "Tin sẽ gỡ" not in browser_client.get("/").content.decode()


def test_signed_in_users_never_get_or_fill_the_cache(world, client):
    client.force_login(StaffUserFactory())
    response = client.get("/")
    assert "X-Portal-Cache" not in response and response.status_code == 200
    assert client.get("/").get("X-Portal-Cache") is None


def test_each_visitor_gets_a_working_csrf_token(world, browser_client, client):
    from django.test import Client

    browser_client.get("/")
    other = Client(enforce_csrf_checks=True, HTTP_USER_AGENT="Mozilla/5.0 Firefox")
    response = other.get("/")
    assert response["X-Portal-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    assert "__EGOV_CSRF" not in response.content.decode()
    switched = other.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def test_language_is_part_of_the_key(world, browser_client):
    browser_client.get("/van-ban-phap-luat/")
    browser_client.cookies["django_language"] = "en"
    response = browser_client.get("/van-ban-phap-luat/")
    assert response["X-Portal-Cache"] == "miss" and '<html lang="en">' in response.content.decode()


def test_a_page_keeps_its_sections_language_whatever_the_visitor_chose(world, browser_client):
    browser_client.cookies["django_language"] = "en"
    assert '<html lang="vi">' in browser_client.get("/").content.decode()  # Vietnamese content stays "vi"


def test_cache_can_be_turned_off(world, browser_client, settings):
    settings.CMS_CACHE_SECONDS = 0
    browser_client.get("/")
    assert "X-Portal-Cache" not in browser_client.get("/")


def test_record_lists_are_cached_and_invalidated_by_their_publication(world, browser_client):
    from egov.cms import services
    from egov.cms.models import ProcurementItem

    browser_client.get("/dau-thau-du-an/")
    assert browser_client.get("/dau-thau-du-an/")["X-Portal-Cache"] == "hit"
    item = services.create_record(
        ProcurementItem,
        world.admin,
        agency=world.province,
        name="Gói thầu máy chủ",
        kind="procurement",
        investor="Sở A",
        value=1_000_000,
        stage="bidding",
    )
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.publish_record(item, world.admin)
    response = browser_client.get("/dau-thau-du-an/")
    assert response["X-Portal-Cache"] == "miss" and "Gói thầu máy chủ" in response.content.decode()
