"""Working-time arithmetic over one immutable working calendar: pure functions, no database access.

Working time is measured on an axis: every working day contributes the same length L (the sum of its
working-hour intervals) and a moment maps to ``(working days before its day) × L + working time already
elapsed in its day``. Deadlines are positions on that axis turned back into Asia/Ho_Chi_Minh datetimes;
pauses are segments of the axis that do not count. See docs/workdays.md for the counting rules.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from . import national
from .kinds import DAY_OFF, WORKING_DAY, CalendarError  # noqa: F401 (re-exported)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RULE_SAME_TIME = "same-time"
RULE_END_OF_DAY = "end-of-day"
RULES = (RULE_SAME_TIME, RULE_END_OF_DAY)
US = 1_000_000  # microseconds in a second: the axis unit is the microsecond
MAX_YEAR = 9998

Interval = tuple[time, time]
Pause = tuple[datetime, datetime]
Moment = datetime | date


# --- parsing the settings ---------------------------------------------------------------------------------


def parse_time(text: str) -> time:
    try:
        hour, minute = (int(part) for part in text.strip().split(":"))
        return time(hour, minute)
    except ValueError:
        raise CalendarError(_("Giờ không hợp lệ: “%(text)s” (dạng HH:MM, ví dụ 07:30).") % {"text": text})


def parse_hours(text: str) -> tuple[Interval, ...]:
    """``"07:30-11:30,13:30-17:00"`` → ((07:30, 11:30), (13:30, 17:00)); sorted and not overlapping."""
    intervals = []
    for chunk in (c for c in text.split(",") if c.strip()):
        start, sep, end = chunk.partition("-")
        if not sep:
            raise CalendarError(_("Khoảng giờ làm việc không hợp lệ: “%(text)s” (dạng HH:MM-HH:MM).") % {"text": chunk})
        intervals.append((parse_time(start), parse_time(end)))
    return validate_hours(intervals)


def validate_hours(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    intervals = tuple(intervals)
    if not intervals:
        raise CalendarError(_("Chưa cấu hình giờ làm việc."))
    previous_end = time(0)
    for start, end in intervals:
        if not start < end or start < previous_end:
            raise CalendarError(_("Các khoảng giờ làm việc phải tăng dần và không chồng lên nhau."))
        previous_end = end
    return intervals


def parse_weekend(text: str) -> frozenset[int]:
    """``"5,6"`` → {5, 6} (Monday = 0 … Sunday = 6)."""
    try:
        days = frozenset(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        days = frozenset({-1})
    if not days <= set(range(7)) or len(days) == 7:
        raise CalendarError(
            _("Ngày nghỉ hằng tuần không hợp lệ: “%(text)s” (các số 0–6, thứ Hai = 0, Chủ nhật = 6).") % {"text": text}
        )
    return days


def parse_cutoff(text: str) -> time | None:
    """``"15:00"`` → 15:00; an empty value turns the cut-off off."""
    return parse_time(text) if text and text.strip() else None


def parse_rule(text: str) -> str:
    rule = (text or RULE_SAME_TIME).strip()
    if rule not in RULES:
        raise CalendarError(
            _("Quy tắc tính hạn không hợp lệ: “%(text)s” (chọn %(choices)s).")
            % {"text": text, "choices": ", ".join(RULES)}
        )
    return rule


# --- small helpers ------------------------------------------------------------------------------------------


def _us_of_day(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * US + value.microsecond


def _time_of_us(value: int) -> time:
    seconds, micro = divmod(value, US)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)


def to_local(moment: Moment) -> datetime:
    """An aware datetime in Asia/Ho_Chi_Minh; a ``date`` means the start (00:00) of that day."""
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(0), tzinfo=VN_TZ)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CalendarError(_("Thời điểm “%(value)s” thiếu múi giờ.") % {"value": moment.isoformat()})
    return moment.astimezone(VN_TZ)


def amount_to_us(amount: int | float | Decimal | Fraction | timedelta) -> int:
    """A number of hours (or a timedelta) as whole microseconds; negative amounts are refused."""
    if isinstance(amount, timedelta):
        value = amount // timedelta(microseconds=1)
    else:
        value = round(Fraction(amount) * 3600 * US)
    if value < 0:
        raise CalendarError(_("Số giờ làm việc không được âm."))
    return value


@dataclass(frozen=True)
class SpecialDay:
    """A date whose status is set by a holiday or an override (weekends that stay weekends are not listed)."""

    date: date
    is_working: bool
    name: str
    source: str  # "national" or "local"


# --- the calendar ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Working hours, weekend, intake cut-off, counting rule, national days and local overrides.

    Immutable: ``with_overrides`` returns a new calendar. Every working day has the same hours.
    """

    hours: tuple[Interval, ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
    weekend: frozenset[int] = frozenset({5, 6})
    cutoff: time | None = time(15, 0)
    rule: str = RULE_SAME_TIME
    days_off: Mapping[date, str] = field(default_factory=dict)
    working_days: Mapping[date, str] = field(default_factory=dict)
    use_national: bool = True
    _years: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "hours", validate_hours(self.hours))
        set_(self, "weekend", frozenset(self.weekend))
        set_(self, "rule", parse_rule(self.rule))
        if not self.weekend <= set(range(7)) or len(self.weekend) == 7:
            raise CalendarError(_("Ngày nghỉ hằng tuần không hợp lệ."))
        set_(self, "days_off", MappingProxyType(dict(self.days_off)))
        set_(self, "working_days", MappingProxyType(dict(self.working_days)))
        bounds = [(_us_of_day(a), _us_of_day(b)) for a, b in self.hours]
        set_(self, "_bounds", bounds)
        set_(self, "day_length", sum(b - a for a, b in bounds))

    @classmethod
    def from_strings(cls, hours: str, weekend: str, cutoff: str, rule: str = RULE_SAME_TIME, **kwargs):
        """Built from the textual settings (WORKDAYS_HOURS, WORKDAYS_WEEKEND, WORKDAYS_CUTOFF, WORKDAYS_RULE)."""
        return cls(
            hours=parse_hours(hours),
            weekend=parse_weekend(weekend),
            cutoff=parse_cutoff(cutoff),
            rule=parse_rule(rule),
            **kwargs,
        )

    def with_overrides(self, entries: Iterable[tuple[date, str, str]]) -> WorkCalendar:
        """A new calendar where each (date, kind, note) entry, later ones winning, overrides the day."""
        off, work = dict(self.days_off), dict(self.working_days)
        for day, kind, note in entries:
            if kind not in (DAY_OFF, WORKING_DAY):
                raise CalendarError(_("Loại ngày không hợp lệ: “%(kind)s”.") % {"kind": kind})
            off.pop(day, None)
            work.pop(day, None)
            (off if kind == DAY_OFF else work)[day] = note
        return dataclasses.replace(self, days_off=off, working_days=work)

    # --- days ------------------------------------------------------------------------------------------------

    def _national(self, year: int) -> national.YearDays:
        return national.year_days(year) if self.use_national else national.EMPTY

    def is_working_day(self, day: date) -> bool:
        if isinstance(day, datetime):
            day = to_local(day).date()
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        nat = self._national(day.year)
        if day in nat.working_days:
            return True
        return day not in nat.days_off and day.weekday() not in self.weekend

    def day_name(self, day: date) -> str:
        """Why the day is special (holiday name, override note), or an empty string."""
        for names in (self.working_days, self.days_off):
            if day in names:
                return names[day]
        nat = self._national(day.year)
        return nat.working_days.get(day) or nat.days_off.get(day, "")

    def special_days(self, year: int) -> list[SpecialDay]:
        """National holidays (also those on a weekend), make-up working days and overrides of ``year``."""
        nat = self._national(year)
        result = {}
        for source, names in (("national", nat.days_off), ("national", nat.working_days)):
            result.update({d: (source, n) for d, n in names.items()})
        for names in (self.days_off, self.working_days):
            result.update({d: ("local", n) for d, n in names.items() if d.year == year})
        return [SpecialDay(d, self.is_working_day(d), n, s) for d, (s, n) in sorted(result.items())]

    def working_days_of_year(self, year: int) -> tuple[date, ...]:
        days = self._years.get(year)
        if days is None:
            first = date(year, 1, 1)
            count = (date(year + 1, 1, 1) - first).days
            days = tuple(d for d in (first + timedelta(i) for i in range(count)) if self.is_working_day(d))
            self._years[year] = days
        return days

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        days = self.working_days_of_year(day.year)
        index = bisect.bisect_right(days, day)
        if index < len(days):
            return days[index]
        return self._date_of(0, day.year + 1)

    def working_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The aware working-hour intervals of ``day`` (empty on a day off)."""
        if not self.is_working_day(day):
            return []
        return [(datetime.combine(day, a, VN_TZ), datetime.combine(day, b, VN_TZ)) for a, b in self.hours]

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, self.hours[0][0], VN_TZ)

    def day_end(self, day: date) -> datetime:
        return datetime.combine(day, self.hours[-1][1], VN_TZ)

    # --- moments -----------------------------------------------------------------------------------------------

    def is_working_moment(self, moment: Moment) -> bool:
        """Inside working hours of a working day, both ends of each interval included."""
        local = to_local(moment)
        tod = _us_of_day(local.time())
        return self.is_working_day(local.date()) and any(a <= tod <= b for a, b in self._bounds)

    def next_working_moment(self, moment: Moment) -> datetime:
        """``moment`` if it is inside working hours (interval ends excluded), else the next interval start."""
        local = to_local(moment)
        day = local.date()
        if self.is_working_day(day):
            tod = _us_of_day(local.time())
            for a, b in self._bounds:
                if tod < a:
                    return datetime.combine(day, _time_of_us(a), VN_TZ)
                if tod < b:
                    return local
        return self.day_start(self.next_working_day(day))

    def receipt_start(self, received_at: Moment) -> datetime:
        """When counting starts for a dossier received at ``received_at``: at or after the cut-off, on a
        day off or outside working hours, the start of the next working moment (next working day after
        the cut-off)."""
        local = to_local(received_at)
        day = local.date()
        if self.cutoff is not None and self.is_working_day(day) and local.time() >= self.cutoff:
            return self.day_start(self.next_working_day(day))
        return self.next_working_moment(local)

    def _start(self, start: Moment, intake: bool) -> datetime:
        return self.receipt_start(start) if intake else self.next_working_moment(start)

    def working_days_in(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (0 when end <= start); whole days, no hours."""
        if end <= start:
            return 0
        one = timedelta(days=1)
        return self._ordinal(end + one, start.year) - self._ordinal(start + one, start.year)

    def nth_working_day_after(self, start: date, n: int) -> date:
        """The ``n``-th working day strictly after ``start`` (``start`` itself when n is 0)."""
        if n <= 0:
            return start
        return self._date_of(self._ordinal(start + timedelta(days=1), start.year) + n - 1, start.year)

    # --- the working-time axis ------------------------------------------------------------------------------

    def _ordinal(self, day: date, base: int) -> int:
        """Working days from 1 January of ``base`` up to, not including, ``day``."""
        if day.year < base:
            raise CalendarError(_("Khoảng thời gian không hợp lệ."))
        before = sum(len(self.working_days_of_year(y)) for y in range(base, day.year))
        return before + bisect.bisect_left(self.working_days_of_year(day.year), day)

    def _date_of(self, ordinal: int, base: int) -> date:
        year = base
        while ordinal >= len(days := self.working_days_of_year(year)):
            ordinal -= len(days)
            year += 1
            if year > MAX_YEAR:
                raise CalendarError(_("Thời hạn vượt quá phạm vi lịch."))
        return days[ordinal]

    def _pos(self, local: datetime, base: int) -> int:
        day = local.date()
        offset = self._ordinal(day, base) * self.day_length
        if not self.is_working_day(day):
            return offset
        tod = _us_of_day(local.time())
        return offset + sum(min(max(tod - a, 0), b - a) for a, b in self._bounds)

    def _moment(self, pos: int, base: int, later: bool) -> datetime:
        """The datetime at axis position ``pos``; at a boundary, ``later`` picks the next interval start
        (e.g. 13:30 or next day 07:30) rather than the end of the previous interval (11:30, 17:00)."""
        ordinal, rest = divmod(pos, self.day_length)
        if rest == 0 and not later and ordinal > 0:
            ordinal, rest = ordinal - 1, self.day_length
        day = self._date_of(ordinal, base)
        for a, b in self._bounds:
            if rest < b - a or (rest == b - a and not later):
                return datetime.combine(day, _time_of_us(a + rest), VN_TZ)
            rest -= b - a
        return datetime.combine(day, _time_of_us(self._bounds[-1][1]), VN_TZ)

    def _segments(self, pauses: Iterable[Pause], lower: datetime, base: int) -> list[tuple[int, int]]:
        """Pauses as merged axis segments, clipped to start at ``lower``; empty ones dropped."""
        raw = []
        for pause in pauses:
            begin, end = (to_local(p) for p in pause)
            if end < begin:
                raise CalendarError(_("Khoảng tạm dừng kết thúc trước khi bắt đầu."))
            if end > lower:
                raw.append((self._pos(max(begin, lower), base), self._pos(end, base)))
        merged: list[list[int]] = []
        for a, b in sorted(r for r in raw if r[1] > r[0]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return [(a, b) for a, b in merged]

    def _deadline(self, start: datetime, target: int, pauses, later: bool) -> datetime:
        base = start.year
        for a, b in self._segments(pauses, start, base):
            if a < target:
                target += b - a
            else:
                break
        return self._moment(target, base, later)

    # --- public arithmetic -------------------------------------------------------------------------------------

    def add_working_days(
        self, start: Moment, days: int, *, pauses: Iterable[Pause] = (), intake: bool = True, rule: str | None = None
    ) -> datetime:
        """The deadline ``days`` working days after ``start`` (see docs/workdays.md for the rule).

        ``intake`` applies the cut-off rule for receiving a dossier; without it a start outside working
        hours only moves to the next working moment. ``pauses`` do not count.
        """
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise CalendarError(_("Số ngày làm việc phải là số nguyên không âm."))
        begin = self._start(start, intake)
        pos = self._pos(begin, begin.year)
        if parse_rule(rule or self.rule) == RULE_END_OF_DAY:
            return self._deadline(begin, (pos // self.day_length + days + 1) * self.day_length, pauses, False)
        return self._deadline(begin, pos + days * self.day_length, pauses, True)

    def add_working_hours(
        self,
        start: Moment,
        hours: int | float | Decimal | Fraction | timedelta,
        *,
        pauses: Iterable[Pause] = (),
        intake: bool = True,
    ) -> datetime:
        """The moment when ``hours`` working hours have passed since ``start``, lunch breaks and days off
        skipped; a deadline that falls on the end of an interval is that end (11:30, 17:00)."""
        amount = amount_to_us(hours)
        begin = self._start(start, intake)
        return self._deadline(begin, self._pos(begin, begin.year) + amount, pauses, amount == 0)

    def working_time_between(self, a: Moment, b: Moment, *, pauses: Iterable[Pause] = ()) -> timedelta:
        """Working time from ``a`` to ``b`` (negative when ``b`` is earlier), pauses excluded."""
        first, last = to_local(a), to_local(b)
        if last < first:
            return -self.working_time_between(b, a, pauses=pauses)
        base = first.year
        low, high = self._pos(first, base), self._pos(last, base)
        paused = sum(max(0, min(y, high) - x) for x, y in self._segments(pauses, first, base))
        return timedelta(microseconds=high - low - paused)

    def working_hours_between(self, a: Moment, b: Moment, *, pauses: Iterable[Pause] = ()) -> Fraction:
        return Fraction(self.working_time_between(a, b, pauses=pauses) // timedelta(microseconds=1), 3600 * US)

    def working_days_between(self, a: Moment, b: Moment, *, pauses: Iterable[Pause] = ()) -> Fraction:
        """Working time from ``a`` to ``b`` in working days (a fraction: one day = L of working time).

        Dates stand for 00:00, so ``working_days_between(date1, date2)`` counts the working days in
        [date1, date2).
        """
        us = self.working_time_between(a, b, pauses=pauses) // timedelta(microseconds=1)
        return Fraction(us, self.day_length)
