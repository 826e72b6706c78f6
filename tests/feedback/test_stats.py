"""``answered_on_time``: the figures the reports read."""

from datetime import timedelta

from django.utils import timezone

from egov.feedback import services
from egov.feedback.models import Rating
from egov.feedback.stats import answered_on_time

from .conftest import answered


def test_counts(world, make_item, django_assert_num_queries):
    now = timezone.now()
    on_time = answered(make_item(), world)
    services.rate(on_time, rating=Rating.SATISFIED)
    late_item = make_item(now=now - timedelta(days=40))
    late = answered(late_item, world)
    services.rate(late, rating=Rating.UNSATISFIED)
    overdue = services.route(make_item(now=now - timedelta(days=40)), actor=world.intake, agency=world.a)
    make_item(agency=world.a)  # open, not yet due
    make_item(agency=world.b)  # another agency
    start, end = (now - timedelta(days=60)).date(), now.date()
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
