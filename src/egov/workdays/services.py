"""State changes of the province's calendar: each CalendarDay write goes through one of these."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from .loader import CalendarEntry, read_calendar_file
from .models import CalendarDay


@dataclass(frozen=True)
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@transaction.atomic
def set_calendar_day(day: date, kind: str, note: str = "") -> tuple[CalendarDay, bool]:
    """Create or update the override of ``day``; returns (row, changed)."""
    row = CalendarDay.objects.filter(date=day).first()
    if row is not None and row.kind == kind and row.note == note:
        return row, False
    row = row or CalendarDay(date=day)
    row.kind, row.note = kind, note
    row.full_clean()
    row.save()
    return row, True


@transaction.atomic
def save_calendar_day(row: CalendarDay) -> CalendarDay:
    """Save a row edited in a form (the admin)."""
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def delete_calendar_days(rows) -> int:
    """Delete the given rows (a queryset or a list); the national rules apply again to those dates."""
    ids = [row.pk for row in rows]
    count = 0
    for row in CalendarDay.objects.filter(pk__in=ids):
        row.delete()  # one by one, so that every deletion sends its signal
        count += 1
    return count


@transaction.atomic
def load_calendar_entries(entries: list[CalendarEntry], *, replace: bool = False) -> LoadResult:
    """Upsert the entries; with ``replace``, also delete rows of the same years that the entries omit."""
    existing = {row.date: row for row in CalendarDay.objects.filter(date__in=[e.date for e in entries])}
    created = updated = unchanged = 0
    for entry in entries:
        _row, changed = set_calendar_day(entry.date, entry.kind, entry.note)
        if not changed:
            unchanged += 1
        elif entry.date in existing:
            updated += 1
        else:
            created += 1
    removed = 0
    if replace and entries:
        years = {e.date.year for e in entries}
        stale = CalendarDay.objects.filter(date__year__in=years).exclude(date__in=[e.date for e in entries])
        removed = delete_calendar_days(stale)
    return LoadResult(created, updated, unchanged, removed)


def load_calendar_file(path: str | Path, *, replace: bool = False) -> LoadResult:
    """Read a JSON or CSV calendar file and load it (see ``loader``); raises CalendarFileError."""
    return load_calendar_entries(read_calendar_file(path), replace=replace)
