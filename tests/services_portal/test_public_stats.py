"""The public statistics page: per agency for a month, month by month, ratings, cached, few queries."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from egov.dossiers.models import Channel, Outcome
from egov.services_portal.models import Rating
from egov.services_portal.public_stats import by_agency, by_month, public_stats


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def at(day, hour=10):
    return timezone.make_aware(datetime(2026, 3, day, hour))


@pytest.fixture
def march(world):
    w = world
    desk = w.dossier(received_at=at(2), result_at=at(5), outcome=Outcome.EARLY)
    online = w.dossier(channel=Channel.ONLINE, received_at=at(3), result_at=at(20), outcome=Outcome.LATE)
    w.dossier(channel=Channel.ONLINE, received_at=at(4))
    w.dossier(handling_agency=w.so2, received_at=at(9))
    w.dossier(received_at=at(9) - timedelta(days=40))  # January: not in March
    Rating.objects.create(dossier=desk, score=5)
    Rating.objects.create(dossier=online, score=2)
    Rating.objects.filter(dossier__in=[desk, online]).update(created_at=at(21))
    return w


def test_by_agency(march):
    lines = {line.label: line for line in by_agency(2026, 3, now=at(31))}
    so = lines["Sở Tư pháp"]
    assert (so.received, so.online, so.finished, so.on_time) == (3, 2, 2, 1)
    assert so.online_share == pytest.approx(2 / 3) and so.on_time_rate == 0.5
    assert so.ratings == 2 and so.satisfaction == pytest.approx(3.5)
    assert lines["Sở Xây dựng"].received == 1 and lines["Sở Xây dựng"].satisfaction is None


def test_by_month(march):
    months = by_month(2026)
    assert len(months) == 12
    assert (months[0].received, months[2].received, months[2].online) == (1, 4, 2)
    assert months[2].finished == 2 and months[2].satisfaction == pytest.approx(3.5)


def test_page_is_public_cached_and_has_few_queries(client, march, django_assert_max_num_queries):
    url = reverse("services_portal:statistics")
    with django_assert_max_num_queries(12):
        page = client.get(url, {"thang": 3, "nam": 2026})
    html = page.content.decode()
    assert page.status_code == 200 and "Sở Tư pháp" in html and "67%" in html and "3.5" in html.replace(",", ".")
    with django_assert_max_num_queries(4):  # the figures come from the cache (only the session/nav queries remain)
        client.get(url, {"thang": 3, "nam": 2026})


def test_more_data_does_not_mean_more_queries(client, march, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        public_stats(2026, 3)
    cache.clear()
    for day in range(10, 20):
        march.dossier(handling_agency=march.so2, received_at=at(day))
    with CaptureQueriesContext(connection) as after:
        public_stats(2026, 3)
    assert len(after) == len(before)


def test_bad_period_falls_back_to_this_month(client, world):
    page = client.get(reverse("services_portal:statistics"), {"thang": 13, "nam": "abc"})
    assert page.status_code == 200
    today = timezone.localdate()
    assert (page.context["year"], page.context["month"]) == (today.year, today.month)
    assert page.context["form"].errors  # the bad values are reported, not silently used
