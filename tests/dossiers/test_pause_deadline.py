"""A pause (supplement, fee) keeps the time left and never moves the appointment earlier (issue 13, item 2)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from egov.dossiers import deadlines, services
from egov.dossiers.models import Outcome
from egov.dossiers.transitions import Status
from egov.procedures.models import Procedure
from egov.workdays.calendar import RULE_END_OF_DAY, WorkCalendar
from factories import UserFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDARS = (WorkCalendar(), WorkCalendar(rule=RULE_END_OF_DAY))


def at(*args):
    return datetime(*args, tzinfo=VN)


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30), timezones=st.just(VN))
minutes = st.integers(min_value=0, max_value=20 * 24 * 60)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    calendar=st.sampled_from(CALENDARS),
    received=moments,
    days=st.integers(min_value=0, max_value=30),
    unit=st.sampled_from([Procedure.TimeUnit.WORKING_DAYS, Procedure.TimeUnit.WORKING_HOURS]),
    start_after=minutes,
    length=minutes,
)
def test_the_appointment_moves_by_the_working_time_the_pause_covered(
    calendar, received, days, unit, start_after, length
):
    if unit == Procedure.TimeUnit.WORKING_HOURS:
        due = calendar.add_working_hours(received, days * 4, intake=True)
    else:
        due = calendar.add_working_days(received, days, intake=True)
    paused = received + timedelta(minutes=start_after)
    resumed = paused + timedelta(minutes=length)
    new = deadlines.extend_after_pause(due, paused, resumed, received_at=received, calendar=calendar)
    assert new >= due
    counted_from = max(paused, calendar.receipt_start(received))  # no clock runs before counting starts
    if counted_from >= due:
        assert new == due  # already late when paused: nothing to keep
    else:
        covered = calendar.working_time_between(counted_from, max(resumed, counted_from))
        assert calendar.working_time_between(due, new) == covered
        if covered == timedelta(0):
            assert new == due  # a pause outside working hours changes nothing


def test_a_pause_in_non_working_time_changes_nothing():
    calendar = WorkCalendar()
    due = at(2026, 12, 21, 7, 30)
    # Saturday afternoon to Sunday night
    assert deadlines.extend_after_pause(due, at(2026, 12, 5, 14, 0), at(2026, 12, 6, 22, 0), calendar=calendar) == due
    # lunch break
    assert deadlines.extend_after_pause(due, at(2026, 12, 8, 11, 40), at(2026, 12, 8, 13, 0), calendar=calendar) == due


def test_fee_paid_at_once_after_a_sunday_acceptance_keeps_the_appointment(world):
    """Accepted on Sunday (receipt: Mon 21/12/2026 07:30), fee requested and paid at once: the appointment
    stays 21/12 07:30 and a result on 21/12 is on time (before the fix it became Fri 18/12 17:00, late)."""
    w = world
    citizen = UserFactory()
    sunday = at(2026, 12, 6, 10, 0)
    d = services.submit_online(w.intake(), applicant_user=citizen, receiving_agency=w.centre, now=sunday)
    d = services.accept(d, actor=w.officer, now=sunday)
    assert d.due_at == at(2026, 12, 21, 7, 30)
    d = services.request_payment(d, actor=w.officer, amount=Decimal(200000), now=sunday + timedelta(minutes=1))
    d = services.confirm_payment(d, actor=w.officer, now=sunday + timedelta(minutes=2))
    assert d.status == Status.RECEIVED
    assert d.due_at == at(2026, 12, 21, 7, 30)
    assert d.original_due_at == at(2026, 12, 21, 7, 30)
    assert deadlines.outcome(at(2026, 12, 21, 16, 0), d.due_at) == Outcome.ON_TIME


def test_supplement_after_the_cut_off_keeps_the_appointment(world):
    w = world
    friday_late = at(2026, 12, 4, 15, 30)  # after the 15:00 cut-off: counted from Mon 7/12 07:30
    d = w.receive(now=friday_late)
    assert d.due_at == at(2026, 12, 21, 7, 30)
    d = services.request_supplement(d, actor=w.officer, reason="Thiếu bản chụp", now=friday_late)
    d = services.resubmit(d, actor=w.officer, now=friday_late + timedelta(minutes=20))
    assert d.due_at == at(2026, 12, 21, 7, 30)
    # a pause of two working hours on Monday moves it two working hours later
    d = services.request_supplement(d, actor=w.officer, reason="Thiếu tờ khai", now=at(2026, 12, 7, 8, 0))
    d = services.resubmit(d, actor=w.officer, now=at(2026, 12, 7, 10, 0))
    assert d.due_at == at(2026, 12, 21, 9, 30)
