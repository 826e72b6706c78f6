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


def extend_after_pause(
    due_at: datetime, paused_at: datetime, resumed_at: datetime, *, received_at: datetime | None = None, calendar=None
) -> datetime:
    """The new appointment when the clock restarts: the old one moved later by the working time the pause
    covered, so the time left at the pause is kept and the appointment never moves earlier.

    A pause that covers no working time (it starts and ends outside working hours) changes nothing; a pause
    that starts after the appointment (the dossier is already late) changes nothing either, nor the part of a
    pause before counting started (``received_at`` after the cut-off or on a day off). The result is
    ``due_at`` + covered working time on the working-time axis: ``due_at`` Mon 07:30 plus 0 h stays Mon 07:30
    (re-adding the time *left* from the resume moment would land at Fri 17:00, the same axis position but an
    earlier day, which ``outcome()`` would count as late).
    """
    calendar = calendar or get_calendar()
    if received_at is not None:
        paused_at = max(paused_at, calendar.receipt_start(received_at))
    if paused_at >= due_at or resumed_at <= paused_at:
        return due_at
    covered = calendar.working_time_between(paused_at, resumed_at)
    if covered <= timedelta(0):
        return due_at
    return calendar.add_working_hours(due_at, covered, intake=False)


def outcome(finished_at: datetime, due_at: datetime) -> str:
    """Early / on time / late, compared at day granularity in local time."""
    finished, due = timezone.localdate(finished_at), timezone.localdate(due_at)
    if finished < due:
        return Outcome.EARLY
    return Outcome.ON_TIME if finished == due else Outcome.LATE


def due_soon_until(now: datetime) -> datetime:
    """ "Due soon" means due within one working day from now."""
    return get_calendar().add_working_days(now, 1, intake=False)
