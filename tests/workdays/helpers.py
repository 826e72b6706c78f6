"""Helpers for the workdays tests: Vietnam-time datetimes and a calendar with the default settings."""

from datetime import datetime

from egov.workdays.calendar import VN_TZ, WorkCalendar

DEFAULT = WorkCalendar()


def vn(year, month, day, hour=0, minute=0, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=VN_TZ)
