"""Every change of a work schedule: one function each, one transaction each, with its audit record
and its outbox event (the portal's cache can listen to ``schedule.*``)."""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.agencies.models import Agency, Official
from egov.agencies.scoping import visible_agency_ids
from egov.audit.services import record
from egov.core.transitions import Lifecycle, Messages, apply
from egov.events.services import publish

from .models import ScheduleEntry, WorkSchedule
from .transitions import EDITORS, TRANSITIONS


class ScheduleError(ValidationError):
    """A refused request on a schedule; the message is for the user (Vietnamese)."""


LIFECYCLE = Lifecycle(
    model=WorkSchedule,
    table=TRANSITIONS,
    topic="schedule",
    error=ScheduleError,
    messages=Messages(
        wrong_status=gettext_lazy("Không thể “%(action)s” khi lịch đang ở trạng thái “%(status)s”."),
        needs_note=gettext_lazy("Cần nhập lý do cho thao tác “%(action)s”."),
        no_role=gettext_lazy("Bạn không có vai trò phù hợp để nhập lịch công tác."),
        out_of_scope=gettext_lazy("Bạn không có quyền sửa lịch công tác của cơ quan này."),
    ),
    scope=lambda s, actor: s.agency_id in visible_agency_ids(actor),
    payload=lambda s, after: _payload(s),
    agency=lambda s: s.agency_id,
    audit_note=True,
)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class EntryInput:
    date: date
    start_time: time
    content: str
    end_time: time | None = None
    location: str = ""
    participants: str = ""
    preparing_unit: Agency | None = None
    leaders: list[Official] = field(default_factory=list)


def open_week(agency: Agency, day: date, *, actor) -> WorkSchedule:
    """The agency's schedule for the week of ``day``, created as a draft when it does not exist."""
    _check_editor(actor, agency.pk)
    week = monday_of(day)
    with transaction.atomic():
        schedule, created = WorkSchedule.objects.get_or_create(agency=agency, week_start=week)
        if created:
            _audit(schedule, "create", actor, before=None, after={"week_start": week, "status": schedule.status})
    return schedule


def add_entry(schedule: WorkSchedule, data: EntryInput, *, actor) -> ScheduleEntry:
    _check_editor(actor, schedule.agency_id)
    _check_entry(schedule, data)
    with transaction.atomic():
        entry = ScheduleEntry.objects.create(schedule=schedule, **_values(data))
        entry.leaders.set(data.leaders)
        _audit(schedule, "add_entry", actor, before=None, after=_entry_snapshot(entry, data.leaders))
    return entry


def update_entry(entry: ScheduleEntry, data: EntryInput, *, actor) -> ScheduleEntry:
    schedule = entry.schedule
    _check_editor(actor, schedule.agency_id)
    _check_entry(schedule, data)
    with transaction.atomic():
        locked = ScheduleEntry.objects.select_for_update().get(pk=entry.pk)
        before = _entry_snapshot(locked, list(locked.leaders.all()))
        for name, value in _values(data).items():
            setattr(locked, name, value)
        locked.save()
        locked.leaders.set(data.leaders)
        _audit(schedule, "update_entry", actor, before=before, after=_entry_snapshot(locked, data.leaders))
    entry.refresh_from_db()
    return entry


def delete_entry(entry: ScheduleEntry, *, actor) -> None:
    schedule = entry.schedule
    _check_editor(actor, schedule.agency_id)
    with transaction.atomic():
        before = _entry_snapshot(entry, list(entry.leaders.all()))
        entry.delete()
        _audit(schedule, "delete_entry", actor, before=before, after=None)


def publish_schedule(schedule: WorkSchedule, *, actor, now=None) -> WorkSchedule:
    def change(s, now):
        s.published_at = now

    return _transition(schedule, "publish", actor, now=now, change=change)


def withdraw_schedule(schedule: WorkSchedule, *, actor, note: str, now=None) -> WorkSchedule:
    return _transition(schedule, "withdraw", actor, now=now, note=note)


def _transition(schedule, action, actor, *, now=None, note="", change=None) -> WorkSchedule:
    return apply(LIFECYCLE, schedule, action, actor, now=now, note=note, change=change)


def _check_editor(actor, agency_id: int, roles=EDITORS) -> None:
    if actor is None or not getattr(actor, "is_official", False) or not actor.has_role(*roles):
        raise ScheduleError(_("Bạn không có vai trò phù hợp để nhập lịch công tác."))
    if agency_id not in visible_agency_ids(actor):
        raise ScheduleError(_("Bạn không có quyền sửa lịch công tác của cơ quan này."))


def _check_entry(schedule: WorkSchedule, data: EntryInput) -> None:
    if not schedule.week_start <= data.date <= schedule.week_end:
        raise ScheduleError(_("Ngày phải thuộc tuần của lịch (từ thứ Hai đến Chủ nhật)."))
    if data.end_time and data.end_time <= data.start_time:
        raise ScheduleError(_("Giờ kết thúc phải sau giờ bắt đầu."))
    if not (data.content or "").strip():
        raise ScheduleError(_("Cần nhập nội dung công việc."))
    if data.leaders:
        path = Agency.objects.filter(pk=schedule.agency_id).values_list("path", flat=True).get()
        ids = {o.pk for o in data.leaders}
        inside = set(Official.objects.filter(pk__in=ids, agency__path__startswith=path).values_list("pk", flat=True))
        outside = [o.full_name for o in data.leaders if o.pk not in inside]
        if outside:
            raise ScheduleError(_("Lãnh đạo %(name)s không thuộc cơ quan của lịch.") % {"name": ", ".join(outside)})


def _values(data: EntryInput) -> dict:
    return {
        "date": data.date,
        "start_time": data.start_time,
        "end_time": data.end_time,
        "content": data.content.strip(),
        "location": data.location.strip(),
        "participants": data.participants.strip(),
        "preparing_unit": data.preparing_unit,
    }


def _entry_snapshot(entry: ScheduleEntry, leaders) -> dict:
    return {
        "entry": entry.pk,
        "date": entry.date,
        "start_time": entry.start_time,
        "end_time": entry.end_time,
        "content": entry.content,
        "location": entry.location,
        "leaders": sorted(o.pk for o in leaders),
        "preparing_unit": entry.preparing_unit_id,
    }


def _audit(schedule: WorkSchedule, action: str, actor, *, before, after) -> None:
    publish(f"schedule.{action}", aggregate=schedule, payload=_payload(schedule), actor=actor)
    record(
        actor=actor,
        action=f"schedule.{action}",
        target=schedule,
        before=before,
        after=after,
        agency=schedule.agency_id,
    )


def _payload(schedule: WorkSchedule, after=None) -> dict:
    return {"agency": schedule.agency_id, "week_start": schedule.week_start, "status": schedule.status}
