"""Deadlines of dossiers, all computed by the ``workdays`` calendar."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from egov.procedures.models import Procedure
from egov.workdays.provider import get_calendar

from .models import Outcome


def add_time(start: datetime, amount: Decimal, unit: str, *, intake: bool = False) -> datetime:
    """``start`` plus ``amount`` working days or hours (the procedure's unit); ``intake`` applies the
    daily cut-off (only for the appointment given at reception)."""
    calendar = get_calendar()
    if unit == Procedure.TimeUnit.WORKING_HOURS:
        return calendar.add_working_hours(start, Decimal(amount), intake=intake)
    whole = int(amount)
    due = calendar.add_working_days(start, whole, intake=intake)
    fraction = Decimal(amount) - whole
    if fraction:
        due = calendar.add_working_hours(due, timedelta(microseconds=int(fraction * calendar.day_length)), intake=False)
    return due


def appointment(procedure: Procedure, received_at: datetime) -> datetime:
    return add_time(received_at, procedure.processing_time, procedure.time_unit, intake=True)


def extend_after_pause(due_at: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
    """The new appointment when the clock restarts: the working time left at the pause is kept."""
    calendar = get_calendar()
    left = calendar.working_time_between(paused_at, due_at)
    if left <= timedelta(0):
        return due_at
    return calendar.add_working_hours(resumed_at, left, intake=False)


def outcome(finished_at: datetime, due_at: datetime) -> str:
    """Early / on time / late, compared at day granularity in local time."""
    finished, due = timezone.localdate(finished_at), timezone.localdate(due_at)
    if finished < due:
        return Outcome.EARLY
    return Outcome.ON_TIME if finished == due else Outcome.LATE


def due_soon_until(now: datetime) -> datetime:
    """ "Due soon" means due within one working day from now."""
    return get_calendar().add_working_days(now, 1, intake=False)
