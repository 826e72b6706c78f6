"""``answered_on_time``: the figures the reports read."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from egov.feedback import services
from egov.feedback.models import Rating
from egov.feedback.stats import answered_on_time

from .conftest import answered

# 23:30 UTC is 06:30 of the next day in Viet Nam: a UTC date there is "yesterday" and misses today's items.
CLOCKS = [datetime(2026, 12, 7, 3, 0, tzinfo=UTC), datetime(2026, 12, 7, 23, 30, tzinfo=UTC)]


@pytest.fixture(params=CLOCKS, ids=["10h00-vn", "06h30-vn-next-day"])
def clock(request):
    with mock.patch("django.utils.timezone.now", return_value=request.param):
        yield request.param


def test_counts(world, make_item, django_assert_num_queries, clock):
    now = timezone.now()
    assert now == clock
    on_time = answered(make_item(), world)
    services.rate(on_time, rating=Rating.SATISFIED)
    late_item = make_item(now=now - timedelta(days=40))
    late = answered(late_item, world)
    services.rate(late, rating=Rating.UNSATISFIED)
    overdue = services.route(make_item(now=now - timedelta(days=40)), actor=world.intake, agency=world.a)
    make_item(agency=world.a)  # open, not yet due
    make_item(agency=world.b)  # another agency
    start, end = timezone.localdate(now - timedelta(days=60)), timezone.localdate(now)
    with django_assert_num_queries(1):
        counts = answered_on_time([world.a.pk], start, end)
    assert counts == {
        "received": 4,
        "answered": 2,
        "answered_on_time": 1,
        "overdue_open": 1,
        "satisfied": 1,
        "rated": 2,
    }
    assert overdue.pk
    assert answered_on_time(None, start, end)["received"] == 5
    assert answered_on_time([world.a.pk], start, start)["received"] == 0
