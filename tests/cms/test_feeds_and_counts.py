"""RSS/Atom per site; privacy-friendly view counts per article and per site."""

import pytest
from django.urls import reverse

from egov.cms.counters import views_by_site, views_of_page
from egov.cms.models import PageViewDaily
from factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_rss_and_atom_of_a_site_list_its_news_only(world, client):
    world.news_page(world.news_a, "Tin sở A trong nguồn tin")
    world.news_page(world.news_b, "Tin sở B")
    rss = client.get(reverse("cms:feed-rss", args=[world.site_a.pk]))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "<rss" in body and "Tin sở A trong nguồn tin" in body and "Tin sở B" not in body
    atom = client.get(reverse("cms:feed-atom", args=[world.site_a.pk])).content.decode()
    assert 'xmlns="http://www.w3.org/2005/Atom"' in atom and "Tin sở A trong nguồn tin" in atom
    portal = client.get(reverse("cms:feed-rss", args=[world.portal.pk])).content.decode()
    assert "Tin sở A trong nguồn tin" in portal and "Tin sở B" in portal  # the portal aggregates its sites
    assert client.get(reverse("cms:feed-rss", args=[world.news_a.pk])).status_code == 404


def test_views_are_counted_per_article_and_site_on_hits_and_misses(world, browser_client):
    page = world.news_page(world.news_a, "Tin được đọc")
    for _ in range(3):
        assert browser_client.get(page.url).status_code == 200
    browser_client.get(world.site_a.url)
    assert views_of_page(page.pk) == 3
    assert views_by_site()[world.site_a.pk] == 4
    row = PageViewDaily.objects.get(page=page)
    assert {f.name for f in PageViewDaily._meta.fields} == {"id", "page", "site_root", "day", "views"}
    assert row.site_root_id == world.site_a.pk


def test_bots_and_scripts_are_not_counted(world, client):
    page = world.news_page(world.news_a, "Tin cho máy")
    client.get(page.url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.get(page.url, HTTP_USER_AGENT="curl/8.0")
    client.get(page.url)  # no user agent at all
    assert views_of_page(page.pk) == 0


def test_staff_see_the_counts(world, browser_client, client):
    page = world.news_page(world.news_a, "Tin nổi bật")
    browser_client.get(page.url)
    client.force_login(StaffUserFactory())
    html = client.get(reverse("cms:stats")).content.decode()
    assert "Tin nổi bật" in html and world.site_a.title in html
