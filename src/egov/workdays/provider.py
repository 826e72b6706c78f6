"""``get_calendar()``: the province's WorkCalendar, cached per process.

Layers, later ones winning: settings (hours, weekend, cut-off, rule) and the national days
(``national.py``) → the file named by WORKDAYS_CALENDAR_FILE → the CalendarDay rows. The calendar is
built with one query and kept for WORKDAYS_CACHE_SECONDS (default 300: the delay before other processes
see an edit). A CalendarDay change clears this process's cache at once; while the changing transaction
is open, calls rebuild without caching, so a rolled-back change is never cached.
"""

import threading
import time as clock

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from .calendar import RULE_SAME_TIME, CalendarError, WorkCalendar
from .loader import read_calendar_file

_lock = threading.Lock()
_state = {"calendar": None, "built_at": 0.0, "dirty_since": None}


def _ttl() -> float:
    return float(getattr(settings, "WORKDAYS_CACHE_SECONDS", 300))


def calendar_from_settings() -> WorkCalendar:
    """The calendar of the settings and the national days, without the province's overrides."""
    try:
        return WorkCalendar.from_strings(
            hours=settings.WORKDAYS_HOURS,
            weekend=settings.WORKDAYS_WEEKEND,
            cutoff=settings.WORKDAYS_CUTOFF,
            rule=getattr(settings, "WORKDAYS_RULE", RULE_SAME_TIME),
        )
    except CalendarError as exc:
        raise ImproperlyConfigured(_("Cấu hình lịch làm việc (WORKDAYS_*) sai: %(error)s") % {"error": exc})


def _file_entries() -> list:
    path = getattr(settings, "WORKDAYS_CALENDAR_FILE", "")
    if not path:
        return []
    try:
        return read_calendar_file(path)
    except CalendarError as exc:
        raise ImproperlyConfigured(_("Tệp lịch WORKDAYS_CALENDAR_FILE sai: %(error)s") % {"error": exc})


def build_calendar() -> WorkCalendar:
    """A fresh calendar: settings, national days, the settings' file, then the CalendarDay rows."""
    from .models import CalendarDay

    rows = CalendarDay.objects.order_by("date").values_list("date", "kind", "note")
    return calendar_from_settings().with_overrides([*_file_entries(), *rows])


def get_calendar() -> WorkCalendar:
    """The province's calendar; cheap to call (no query while cached)."""
    now = clock.monotonic()
    dirty_since = _state["dirty_since"]
    if dirty_since is not None and now - dirty_since < _ttl():
        return build_calendar()
    calendar = _state["calendar"]
    if calendar is not None and now - _state["built_at"] < _ttl():
        return calendar
    calendar = build_calendar()
    with _lock:
        _state.update(calendar=calendar, built_at=now, dirty_since=None)
    return calendar


def clear_cache() -> None:
    """Forget the cached calendar (the next call rebuilds it)."""
    with _lock:
        _state.update(calendar=None, dirty_since=None)


def mark_dirty() -> None:
    """A CalendarDay changed in the current transaction: stop caching until it commits."""
    with _lock:
        _state.update(calendar=None, dirty_since=clock.monotonic())
