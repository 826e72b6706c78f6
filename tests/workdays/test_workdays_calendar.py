"""Deadline arithmetic of WorkCalendar (no database)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from egov.workdays.calendar import (
    DAY_OFF,
    RULE_END_OF_DAY,
    WORKING_DAY,
    CalendarError,
    WorkCalendar,
    parse_cutoff,
    parse_hours,
    parse_weekend,
)
from workdays.helpers import DEFAULT, vn


def test_example_received_before_30_4_holidays():
    assert DEFAULT.add_working_days(vn(2026, 4, 28, 10), 3) == vn(2026, 5, 5, 10)
    assert DEFAULT.add_working_days(vn(2026, 4, 28, 10), 3).isoformat() == "2026-05-05T10:00:00+07:00"


def test_plain_week_keeps_the_time_of_day():
    assert DEFAULT.add_working_days(vn(2026, 3, 3, 10), 3) == vn(2026, 3, 6, 10)  # Tue → Fri
    assert DEFAULT.add_working_days(vn(2026, 3, 5, 14, 20), 2) == vn(2026, 3, 9, 14, 20)  # Thu → Mon


def test_result_is_aware_in_vietnam_time_whatever_the_input_zone():
    utc = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    result = DEFAULT.add_working_days(utc, 1)
    assert result == vn(2026, 3, 4, 10)
    assert result.utcoffset() == timedelta(hours=7)


def test_naive_datetime_is_refused():
    with pytest.raises(CalendarError, match="múi giờ"):
        DEFAULT.add_working_days(datetime(2026, 3, 3, 10), 1)


@pytest.mark.parametrize("days", [-1, 1.5, True])
def test_bad_day_counts_are_refused(days):
    with pytest.raises(CalendarError):
        DEFAULT.add_working_days(vn(2026, 3, 3, 10), days)


def test_tet_2026_is_skipped():
    # Received Fri 13/2/2026 09:00; Tết runs 14–22/2.
    assert DEFAULT.add_working_days(vn(2026, 2, 13, 9), 1) == vn(2026, 2, 23, 9)
    assert DEFAULT.add_working_days(vn(2026, 2, 12, 9), 5) == vn(2026, 2, 26, 9)


def test_tet_2027_is_skipped():
    # Received Wed 3/2/2027 10:00; off 4–10/2 (weekdays 4, 5, 8, 9, 10).
    assert DEFAULT.add_working_days(vn(2027, 2, 3, 10), 1) == vn(2027, 2, 11, 10)


def test_2_9_2026_with_bridge_monday():
    # Fri 28/8/2026 10:00: 31/8, 1/9, 2/9 off → Thu 3/9 is the first working day.
    assert DEFAULT.add_working_days(vn(2026, 8, 28, 10), 1) == vn(2026, 9, 3, 10)


def test_make_up_saturday_counts():
    # Fri 21/8/2026 10:00 + 1 = Sat 22/8 (make-up working day).
    assert DEFAULT.add_working_days(vn(2026, 8, 21, 10), 1) == vn(2026, 8, 22, 10)
    # A dossier received on that Saturday counts from that Saturday.
    assert DEFAULT.receipt_start(vn(2026, 8, 22, 9)) == vn(2026, 8, 22, 9)


def test_extra_day_off_and_make_up_day_overrides():
    cal = DEFAULT.with_overrides([(date(2026, 3, 4), DAY_OFF, "Nghỉ theo quyết định của tỉnh")])
    assert cal.add_working_days(vn(2026, 3, 3, 10), 1) == vn(2026, 3, 5, 10)
    assert cal.day_name(date(2026, 3, 4)) == "Nghỉ theo quyết định của tỉnh"
    cal = cal.with_overrides([(date(2026, 3, 7), WORKING_DAY, "Làm bù")])
    assert cal.add_working_days(vn(2026, 3, 6, 10), 1) == vn(2026, 3, 7, 10)
    # An override can make a national holiday a working day again, and the original stays untouched.
    cal = cal.with_overrides([(date(2026, 4, 30), WORKING_DAY, "")])
    assert cal.is_working_day(date(2026, 4, 30)) and not DEFAULT.is_working_day(date(2026, 4, 30))


def test_later_override_of_the_same_date_wins():
    cal = DEFAULT.with_overrides([(date(2026, 3, 4), DAY_OFF, ""), (date(2026, 3, 4), WORKING_DAY, "")])
    assert cal.is_working_day(date(2026, 3, 4))
    assert date(2026, 3, 4) not in cal.days_off


class TestReceipt:
    def test_before_cut_off_counts_from_receipt(self):
        assert DEFAULT.receipt_start(vn(2026, 3, 3, 14, 59)) == vn(2026, 3, 3, 14, 59)

    def test_at_or_after_cut_off_counts_from_next_working_day(self):
        assert DEFAULT.receipt_start(vn(2026, 3, 3, 15, 0)) == vn(2026, 3, 4, 7, 30)
        assert DEFAULT.add_working_days(vn(2026, 3, 3, 16), 3) == vn(2026, 3, 9, 7, 30)

    def test_cut_off_before_a_holiday(self):
        assert DEFAULT.receipt_start(vn(2026, 4, 29, 15, 30)) == vn(2026, 5, 4, 7, 30)

    def test_weekend_intake(self):
        assert DEFAULT.receipt_start(vn(2026, 3, 7, 10)) == vn(2026, 3, 9, 7, 30)
        assert DEFAULT.add_working_days(vn(2026, 3, 8, 10), 1) == vn(2026, 3, 10, 7, 30)

    def test_outside_hours_and_lunch(self):
        assert DEFAULT.receipt_start(vn(2026, 3, 3, 6, 0)) == vn(2026, 3, 3, 7, 30)
        assert DEFAULT.receipt_start(vn(2026, 3, 3, 12, 0)) == vn(2026, 3, 3, 13, 30)
        assert DEFAULT.receipt_start(vn(2026, 3, 3, 11, 30)) == vn(2026, 3, 3, 13, 30)
        assert DEFAULT.receipt_start(vn(2026, 3, 3, 20, 0)) == vn(2026, 3, 4, 7, 30)

    def test_cut_off_can_be_turned_off(self):
        cal = WorkCalendar(cutoff=None)
        assert cal.receipt_start(vn(2026, 3, 3, 16)) == vn(2026, 3, 3, 16)
        assert cal.receipt_start(vn(2026, 3, 3, 17)) == vn(2026, 3, 4, 7, 30)

    def test_without_intake_only_outside_hours_moves(self):
        assert DEFAULT.add_working_days(vn(2026, 3, 3, 16), 1, intake=False) == vn(2026, 3, 4, 16)


def test_end_of_day_rule():
    cal = WorkCalendar(rule=RULE_END_OF_DAY)
    assert cal.add_working_days(vn(2026, 4, 28, 10), 3) == vn(2026, 5, 5, 17)
    assert cal.add_working_days(vn(2026, 4, 28, 10), 0) == vn(2026, 4, 28, 17)
    assert cal.add_working_days(vn(2026, 3, 3, 16), 1) == vn(2026, 3, 5, 17)  # after cut-off: from Wed
    assert DEFAULT.add_working_days(vn(2026, 4, 28, 10), 3, rule=RULE_END_OF_DAY) == vn(2026, 5, 5, 17)


class TestWorkingHours:
    def test_within_a_morning(self):
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 8), 2) == vn(2026, 3, 3, 10)

    def test_across_lunch(self):
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 10), 2) == vn(2026, 3, 3, 14)
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 10, 30), 1) == vn(2026, 3, 3, 11, 30)

    def test_across_days_and_holidays(self):
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 16), 1.5, intake=False) == vn(2026, 3, 4, 8)
        assert DEFAULT.add_working_hours(vn(2026, 4, 29, 14), 8) == vn(2026, 5, 4, 14, 30)

    def test_ending_at_the_end_of_the_day(self):
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 7, 30), 7.5) == vn(2026, 3, 3, 17)

    def test_fractions_and_timedelta(self):
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 8), Decimal("0.25")) == vn(2026, 3, 3, 8, 15)
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 8), timedelta(minutes=90)) == vn(2026, 3, 3, 9, 30)

    def test_negative_hours_refused(self):
        with pytest.raises(CalendarError):
            DEFAULT.add_working_hours(vn(2026, 3, 3, 8), -1)


class TestPauses:
    def test_a_pause_of_one_working_day_moves_the_deadline_one_day(self):
        pause = (vn(2026, 3, 4, 10), vn(2026, 3, 5, 10))
        assert DEFAULT.add_working_days(vn(2026, 3, 3, 10), 3, pauses=[pause]) == vn(2026, 3, 9, 10)

    def test_a_pause_outside_working_time_changes_nothing(self):
        pause = (vn(2026, 3, 6, 17), vn(2026, 3, 9, 7, 30))
        assert DEFAULT.add_working_days(vn(2026, 3, 3, 10), 3, pauses=[pause]) == vn(2026, 3, 6, 10)

    def test_pauses_after_the_deadline_or_before_the_start_are_ignored(self):
        pauses = [(vn(2026, 3, 1), vn(2026, 3, 3, 9)), (vn(2026, 3, 20), vn(2026, 3, 25))]
        assert DEFAULT.add_working_days(vn(2026, 3, 3, 10), 3, pauses=pauses) == vn(2026, 3, 6, 10)

    def test_overlapping_pauses_count_once(self):
        pauses = [(vn(2026, 3, 3, 13, 30), vn(2026, 3, 3, 15)), (vn(2026, 3, 3, 14), vn(2026, 3, 3, 16))]
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 13, 30), 1, pauses=pauses) == vn(2026, 3, 3, 17)

    def test_a_pause_reached_only_after_extension_is_counted(self):
        pauses = [(vn(2026, 3, 3, 8), vn(2026, 3, 3, 9)), (vn(2026, 3, 3, 9, 30), vn(2026, 3, 3, 10))]
        assert DEFAULT.add_working_hours(vn(2026, 3, 3, 7, 30), 2, pauses=pauses) == vn(2026, 3, 3, 11)

    def test_a_pause_ending_before_it_starts_is_refused(self):
        with pytest.raises(CalendarError):
            DEFAULT.add_working_hours(vn(2026, 3, 3, 8), 1, pauses=[(vn(2026, 3, 3, 10), vn(2026, 3, 3, 9))])

    def test_between_subtracts_pauses(self):
        pause = (vn(2026, 3, 4, 10), vn(2026, 3, 5, 10))
        assert DEFAULT.working_days_between(vn(2026, 3, 3, 10), vn(2026, 3, 9, 10), pauses=[pause]) == 3


class TestBetween:
    def test_whole_days(self):
        assert DEFAULT.working_days_between(vn(2026, 4, 28, 10), vn(2026, 5, 5, 10)) == 3

    def test_dates_count_the_working_days_in_the_half_open_range(self):
        assert DEFAULT.working_days_between(date(2026, 4, 28), date(2026, 5, 5)) == 3
        assert DEFAULT.working_days_between(date(2026, 2, 1), date(2026, 3, 1)) == 15

    def test_fractions_of_a_day(self):
        assert DEFAULT.working_days_between(vn(2026, 3, 3, 7, 30), vn(2026, 3, 3, 11, 15)) == Fraction(1, 2)
        assert DEFAULT.working_hours_between(vn(2026, 3, 3, 10), vn(2026, 3, 3, 14)) == 2

    def test_reversed_order_is_negative(self):
        assert DEFAULT.working_days_between(vn(2026, 5, 5, 10), vn(2026, 4, 28, 10)) == -3

    def test_across_years(self):
        assert DEFAULT.working_days_between(date(2025, 12, 31), date(2026, 1, 5)) == 1

    def test_working_time_between(self):
        assert DEFAULT.working_time_between(vn(2026, 3, 3, 11), vn(2026, 3, 3, 14)) == timedelta(hours=1)


class TestDays:
    def test_working_intervals(self):
        assert DEFAULT.working_intervals(date(2026, 3, 3)) == [
            (vn(2026, 3, 3, 7, 30), vn(2026, 3, 3, 11, 30)),
            (vn(2026, 3, 3, 13, 30), vn(2026, 3, 3, 17)),
        ]
        assert DEFAULT.working_intervals(date(2026, 4, 30)) == []

    def test_working_moments(self):
        assert DEFAULT.is_working_moment(vn(2026, 3, 3, 17))
        assert not DEFAULT.is_working_moment(vn(2026, 3, 3, 12))
        assert not DEFAULT.is_working_moment(vn(2026, 3, 7, 10))

    def test_next_working_day_across_years(self):
        assert DEFAULT.next_working_day(date(2025, 12, 31)) == date(2026, 1, 5)


class TestParsing:
    def test_hours(self):
        assert parse_hours("07:00-11:30, 13:30-17:00") == ((time(7), time(11, 30)), (time(13, 30), time(17)))

    @pytest.mark.parametrize("text", ["", "07:00", "11:00-07:00", "07:00-12:00,11:00-17:00", "7h-11h"])
    def test_bad_hours(self, text):
        with pytest.raises(CalendarError):
            parse_hours(text)

    def test_weekend_and_cutoff(self):
        assert parse_weekend("6") == {6}
        assert parse_cutoff("") is None
        with pytest.raises(CalendarError, match="hằng tuần"):
            parse_weekend("5,7")
        with pytest.raises(CalendarError):
            WorkCalendar(rule="whenever")

    def test_custom_hours(self):
        cal = WorkCalendar.from_strings("07:00-11:30,13:30-17:00", "6", "16:00")
        assert cal.is_working_day(date(2026, 3, 7))  # Saturday works when only Sunday is the weekend
        assert cal.add_working_hours(vn(2026, 3, 3, 7), 5) == vn(2026, 3, 3, 14)
