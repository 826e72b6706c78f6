"""What the national calendar contains for 2025–2027 (holidays package + bundled corrections)."""

from datetime import date, timedelta

import pytest

from workdays.helpers import DEFAULT


def _days(first, last):
    return [first + timedelta(i) for i in range((last - first).days + 1)]


def off(day):
    return not DEFAULT.is_working_day(day)


def test_tet_2026_is_five_weekdays_off_nine_days_in_a_row():
    # Tết Bính Ngọ: Sat 14/2 to Sun 22/2/2026, the weekdays 16–20/2 being holidays.
    assert all(off(d) for d in _days(date(2026, 2, 14), date(2026, 2, 22)))
    assert DEFAULT.is_working_day(date(2026, 2, 13))
    assert DEFAULT.is_working_day(date(2026, 2, 23))
    assert DEFAULT.day_name(date(2026, 2, 17)) == "Tết Nguyên Đán"


def test_tet_2027_covers_the_lunar_new_year_with_days_in_lieu():
    # Mùng 1 Tết Đinh Mùi is Sat 6/2/2027: 29 Tết and giao thừa before, mùng 3–5 (in lieu) after.
    assert [d for d in _days(date(2027, 2, 1), date(2027, 2, 14)) if off(d) and d.weekday() < 5] == [
        date(2027, 2, 4),
        date(2027, 2, 5),
        date(2027, 2, 8),
        date(2027, 2, 9),
        date(2027, 2, 10),
    ]
    assert DEFAULT.is_working_day(date(2027, 2, 11))


def test_30_4_and_1_5_2026_with_hung_kings_day_in_lieu():
    assert off(date(2026, 4, 30)) and off(date(2026, 5, 1))
    # Giỗ Tổ 10/3 lunar is Sun 26/4/2026; Monday 27/4 is the day in lieu.
    assert DEFAULT.day_name(date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert off(date(2026, 4, 27))
    assert DEFAULT.is_working_day(date(2026, 4, 28)) and DEFAULT.is_working_day(date(2026, 5, 4))


@pytest.mark.parametrize(
    ("days_off", "working"),
    [
        ([date(2025, 9, 1), date(2025, 9, 2)], [date(2025, 9, 3)]),
        ([date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)], [date(2026, 9, 3), date(2026, 8, 28)]),
        ([date(2027, 9, 2), date(2027, 9, 3)], [date(2027, 9, 1), date(2027, 9, 6)]),
    ],
)
def test_national_day_2_9(days_off, working):
    assert all(off(d) for d in days_off)
    assert all(DEFAULT.is_working_day(d) for d in working)


@pytest.mark.parametrize(
    "saturday",
    [date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)],
)
def test_make_up_saturdays_are_working_days(saturday):
    assert saturday.weekday() == 5
    assert DEFAULT.is_working_day(saturday)
    assert DEFAULT.day_name(saturday).startswith("Làm bù")


def test_new_year_2026_bridge_day_missing_from_the_package_is_bundled():
    assert off(date(2026, 1, 1)) and off(date(2026, 1, 2))
    assert "12729/VPCP-KGVX" in DEFAULT.day_name(date(2026, 1, 2))


def test_special_days_lists_holidays_on_weekends_and_make_up_days():
    days = {d.date: d for d in DEFAULT.special_days(2026)}
    assert not days[date(2026, 4, 26)].is_working  # Sunday holiday still listed
    assert days[date(2026, 8, 22)].is_working
    assert all(d.source == "national" for d in days.values())
    assert date(2026, 3, 2) not in days


def test_without_national_days_only_weekends_are_off():
    from egov.workdays.calendar import WorkCalendar

    bare = WorkCalendar(use_national=False)
    assert bare.is_working_day(date(2026, 4, 30))
    assert not bare.is_working_day(date(2026, 8, 22))


def test_bundled_corrections_take_effect():
    from egov.workdays.national import _bundled

    for entry in _bundled():
        assert DEFAULT.is_working_day(entry.date) == (entry.kind == "working_day"), entry
    assert off(date(2025, 5, 2))


def test_vietnam_culture_day_from_2026():
    assert DEFAULT.day_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert DEFAULT.is_working_day(date(2025, 11, 24))
