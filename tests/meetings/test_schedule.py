"""The leaders' weekly work schedule: entry, audit, publishing, the public week and the lobby screen."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.accounts.models import Role
from egov.agencies.models import Agency
from egov.audit.models import AuditRecord
from egov.meetings import services
from egov.meetings.models import WorkSchedule
from egov.meetings.services import EntryInput, ScheduleError
from egov.meetings.transitions import ScheduleStatus
from factories import AgencyFactory, OfficialFactory, PositionFactory, StaffUserFactory


@pytest.fixture
def province(db):
    root = AgencyFactory(name="UBND tỉnh Thử", kind=Agency.Kind.PEOPLES_COMMITTEE)
    other = AgencyFactory(name="Sở Khác")
    chair = OfficialFactory(
        agency=root, full_name="Lê Minh Quang", position=PositionFactory(name="Chủ tịch", rank=10, is_leader=True)
    )
    vice = OfficialFactory(
        agency=root, full_name="Trần Phó", position=PositionFactory(name="Phó Chủ tịch", rank=20, is_leader=True)
    )
    outsider = OfficialFactory(agency=other, full_name="Người Ngoài")
    clerk = StaffUserFactory(official=OfficialFactory(agency=root), roles=[Role.CLERK])
    other_clerk = StaffUserFactory(official=OfficialFactory(agency=other), roles=[Role.CLERK])
    specialist = StaffUserFactory(official=OfficialFactory(agency=root), roles=[Role.SPECIALIST])
    return locals()


def monday():
    return services.monday_of(timezone.localdate())


def entry(day_offset=0, hour=8, leaders=(), **extra):
    return EntryInput(
        date=monday() + timedelta(days=day_offset),
        start_time=time(hour, 0),
        end_time=time(hour + 2, 0),
        content=extra.pop("content", f"Họp giao ban lúc {hour} giờ"),
        location="Phòng họp số 1",
        leaders=list(leaders),
        **extra,
    )


def test_office_enters_a_week_and_publishes_it(province):
    p = province
    schedule = services.open_week(p["root"], timezone.localdate(), actor=p["clerk"])
    assert schedule.week_start == monday() and schedule.status == ScheduleStatus.DRAFT
    assert services.open_week(p["root"], monday() + timedelta(days=3), actor=p["clerk"]) == schedule
    added = services.add_entry(schedule, entry(leaders=[p["chair"], p["vice"]]), actor=p["clerk"])
    assert set(added.leaders.all()) == {p["chair"], p["vice"]}
    services.publish_schedule(schedule, actor=p["clerk"])
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.PUBLISHED and schedule.published_at
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"schedule.create", "schedule.add_entry", "schedule.publish"} <= actions


def test_changes_after_publishing_are_audited(province):
    p = province
    schedule = services.open_week(p["root"], monday(), actor=p["clerk"])
    item = services.add_entry(schedule, entry(), actor=p["clerk"])
    services.publish_schedule(schedule, actor=p["clerk"])
    services.update_entry(item, entry(hour=14, content="Tiếp công dân"), actor=p["clerk"])
    record = AuditRecord.objects.get(action="schedule.update_entry")
    assert record.before["content"].startswith("Họp giao ban") and record.after["content"] == "Tiếp công dân"
    services.delete_entry(item, actor=p["clerk"])
    assert AuditRecord.objects.filter(action="schedule.delete_entry").exists()
    with pytest.raises(ScheduleError):
        services.withdraw_schedule(schedule, actor=p["clerk"], note="")
    services.withdraw_schedule(schedule, actor=p["clerk"], note="Sửa lịch")
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.DRAFT


def test_entry_checks(province):
    p = province
    schedule = services.open_week(p["root"], monday(), actor=p["clerk"])
    with pytest.raises(ScheduleError):
        services.add_entry(schedule, entry(day_offset=7), actor=p["clerk"])  # next week
    with pytest.raises(ScheduleError):
        services.add_entry(schedule, entry(leaders=[p["outsider"]]), actor=p["clerk"])
    bad = entry()
    bad.end_time = time(7, 0)
    with pytest.raises(ScheduleError):
        services.add_entry(schedule, bad, actor=p["clerk"])


def test_only_the_office_of_the_agency_edits(province):
    p = province
    with pytest.raises(ScheduleError):
        services.open_week(p["root"], monday(), actor=p["other_clerk"])
    with pytest.raises(ScheduleError):
        services.open_week(p["root"], monday(), actor=p["specialist"])


def _published_week(p, entries=3):
    schedule = services.open_week(p["root"], monday(), actor=p["clerk"])
    for n in range(entries):
        services.add_entry(
            schedule, entry(day_offset=n % 5, hour=7 + n % 8, leaders=[p["chair"], p["vice"]]), actor=p["clerk"]
        )
    services.publish_schedule(schedule, actor=p["clerk"])
    return schedule


def test_public_week_shows_only_published(province, client):
    p = province
    schedule = services.open_week(p["root"], monday(), actor=p["clerk"])
    services.add_entry(schedule, entry(content="Làm việc với Sở Y tế", leaders=[p["chair"]]), actor=p["clerk"])
    assert "Làm việc với Sở Y tế" not in client.get(reverse("meetings:schedule")).content.decode()
    services.publish_schedule(schedule, actor=p["clerk"])
    html = client.get(reverse("meetings:schedule")).content.decode()
    assert "Làm việc với Sở Y tế" in html and "Lê Minh Quang" in html
    next_week = (monday() + timedelta(days=7)).isoformat()
    assert f"tuan={next_week}" in html
    later = client.get(reverse("meetings:schedule"), {"tuan": next_week, "co-quan": p["root"].pk}).content.decode()
    assert "Làm việc với Sở Y tế" not in later


def test_public_and_screen_queries_do_not_grow(province, client, django_assert_max_num_queries):
    p = province
    _published_week(p, entries=12)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("meetings:schedule")).status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(reverse("meetings:screen"))
    html = response.content.decode()
    assert 'hx-trigger="every 300s"' in html and "site-nav" not in html and "sidebar" not in html


def test_staff_pages(province, client):
    p = province
    client.force_login(p["clerk"])
    response = client.post(
        reverse("meetings:staff-schedules"), {"agency": p["root"].pk, "day": monday().strftime("%d/%m/%Y")}
    )
    schedule = WorkSchedule.objects.get()
    assert response.status_code == 302
    url = reverse("meetings:staff-schedule", args=[schedule.pk])
    response = client.post(
        url,
        {
            "date": monday().strftime("%d/%m/%Y"),
            "start_time": "08:00",
            "end_time": "10:00",
            "content": "Họp UBND tỉnh thường kỳ",
            "location": "Hội trường",
            "leaders": [p["chair"].pk],
        },
    )
    assert response.status_code == 302
    client.post(reverse("meetings:staff-act", args=[schedule.pk, "publish"]))
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.PUBLISHED
    assert "Họp UBND tỉnh thường kỳ" in client.get(url).content.decode()
    client.force_login(p["other_clerk"])
    assert client.get(url).status_code == 404


def test_week_navigation_with_a_bad_date_falls_back_to_this_week(province, client):
    _published_week(province, entries=1)
    response = client.get(reverse("meetings:schedule"), {"tuan": "khong-phai-ngay"})
    assert response.status_code == 200
    assert response.context["week"] == monday()
    assert response.context["schedule"] is not None and response.context["schedule"].week_start == monday()
    assert "Họp giao ban lúc 7 giờ" in response.content.decode()
