import pytest
from django.utils import timezone

from egov.agencies.demo import load_demo_province
from egov.meetings import demo
from egov.meetings.models import WorkSchedule
from egov.meetings.services import monday_of
from egov.meetings.transitions import ScheduleStatus


@pytest.mark.django_db
def test_demo_schedule_of_this_week_is_published_and_idempotent():
    load_demo_province()
    demo.load_demo()
    schedule = WorkSchedule.objects.get()
    assert schedule.status == ScheduleStatus.PUBLISHED and schedule.week_start == monday_of(timezone.localdate())
    assert schedule.entries.count() == 6 and schedule.entries.filter(leaders__isnull=False).exists()
    demo.load_demo()
    assert WorkSchedule.objects.count() == 1
