"""Invariants of the deadline arithmetic, checked with hypothesis over 2025–2027."""

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from egov.workdays.calendar import RULE_END_OF_DAY, VN_TZ, WorkCalendar
from workdays.helpers import DEFAULT

END_OF_DAY = WorkCalendar(rule=RULE_END_OF_DAY)
DAY_HOURS = 7.5

moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 10, 31), timezones=st.just(VN_TZ))
day_counts = st.integers(min_value=0, max_value=40)
minutes = st.integers(min_value=0, max_value=60 * 60)  # up to 60 working hours
pauses = st.lists(
    st.tuples(moments, st.integers(min_value=0, max_value=10 * 24 * 60)).map(
        lambda p: (p[0], p[0] + timedelta(minutes=p[1]))
    ),
    max_size=3,
)
calendars = st.sampled_from([DEFAULT, END_OF_DAY])
examples = settings(max_examples=150, deadline=None)


@examples
@given(calendars, moments, day_counts)
def test_deadline_is_a_working_moment_not_before_the_start(cal, start, n):
    deadline = cal.add_working_days(start, n)
    assert cal.is_working_moment(deadline)
    assert deadline >= cal.receipt_start(start) >= start
    assert deadline.tzinfo is VN_TZ


@examples
@given(calendars, moments, day_counts, day_counts)
def test_monotonic_in_the_number_of_days(cal, start, n, m):
    low, high = sorted((n, m))
    assert cal.add_working_days(start, low) <= cal.add_working_days(start, high)


@examples
@given(moments, day_counts)
def test_between_inverts_add_for_starts_in_working_hours(any_moment, n):
    start = DEFAULT.next_working_moment(any_moment)
    deadline = DEFAULT.add_working_days(start, n, intake=False)
    assert DEFAULT.working_days_between(start, deadline) == n
    assert deadline.time() == start.time()
    received = DEFAULT.receipt_start(any_moment)
    assert DEFAULT.working_days_between(received, DEFAULT.add_working_days(any_moment, n)) == n


@examples
@given(moments, minutes, day_counts)
def test_hours_then_days_is_the_same_working_time_as_all_hours(start, mins, n):
    hours = mins / 60
    stepwise = DEFAULT.add_working_days(DEFAULT.add_working_hours(start, hours), n, intake=False)
    at_once = DEFAULT.add_working_hours(start, hours + n * DAY_HOURS)
    assert DEFAULT.working_time_between(stepwise, at_once) == timedelta(0)
    begin = DEFAULT.receipt_start(start)
    assert DEFAULT.working_hours_between(begin, DEFAULT.add_working_hours(start, hours)) * 60 == mins


@examples
@given(calendars, moments, day_counts, pauses)
def test_pauses_never_shorten_a_deadline_and_are_not_counted(cal, start, n, paused):
    plain = cal.add_working_days(start, n)
    with_pauses = cal.add_working_days(start, n, pauses=paused)
    assert with_pauses >= plain
    begin = cal.receipt_start(start)
    assert cal.working_time_between(begin, with_pauses, pauses=paused) == cal.working_time_between(begin, plain)


@examples
@given(moments, minutes, pauses)
def test_pauses_never_shorten_an_hours_deadline(start, mins, paused):
    assert DEFAULT.add_working_hours(start, mins / 60, pauses=paused) >= DEFAULT.add_working_hours(start, mins / 60)


@examples
@given(moments, day_counts, st.dates(min_value=datetime(2025, 1, 1).date(), max_value=datetime(2027, 12, 31).date()))
def test_an_extra_day_off_never_brings_a_deadline_forward(start, n, day):
    cal = DEFAULT.with_overrides([(day, "day_off", "")])
    assert cal.add_working_days(start, n) >= DEFAULT.add_working_days(start, n)
