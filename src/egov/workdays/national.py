"""Vietnam's national days off and make-up working days, one precomputed set per year.

Three sources, later ones winning: the public holidays of the ``holidays`` package (Tết, Hùng Kings'
day, 30/4, 1/5, 2/9, the days off in lieu); the package's own substitutions (a weekday off swapped with a
Saturday that becomes a working day); and ``data/national_overrides.json`` for the government's swaps the
package does not carry yet. See docs/workdays.md for what each year contains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

import holidays

from .loader import read_calendar_file

BUNDLED_FILE = Path(__file__).resolve().parent / "data" / "national_overrides.json"


@dataclass(frozen=True)
class YearDays:
    days_off: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    working_days: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))


EMPTY = YearDays()


def package_days_off(year: int) -> dict[date, str]:
    """The ``holidays`` package's public holidays of Vietnam in ``year``, with Vietnamese names."""
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def _substitutions() -> list[tuple[date, date]]:
    """(day off, make-up working day) pairs the package declares; empty if its layout changes."""
    try:
        from holidays.countries.vietnam import VietnamStaticHolidays

        table = VietnamStaticHolidays.special_public_holidays
    except (ImportError, AttributeError):
        return []
    pairs = []
    for year, entries in table.items():
        for entry in (entries,) if entries and isinstance(entries[0], int) else entries:
            if len(entry) in (4, 5) and all(isinstance(v, int) for v in entry):
                made_up = date(entry[4] if len(entry) == 5 else year, entry[2], entry[3])
                pairs.append((date(year, entry[0], entry[1]), made_up))
    return pairs


@lru_cache(maxsize=1)
def _bundled() -> tuple:
    return tuple(read_calendar_file(BUNDLED_FILE))


@cache
def year_days(year: int) -> YearDays:
    """National days off and make-up working days of ``year`` (computed once per process)."""
    off = package_days_off(year)
    work = {
        made_up: f"Làm bù cho ngày {day_off:%d/%m/%Y}" for day_off, made_up in _substitutions() if made_up.year == year
    }
    for entry in _bundled():
        if entry.date.year == year:
            off.pop(entry.date, None)
            work.pop(entry.date, None)
            (off if entry.kind == "day_off" else work)[entry.date] = entry.note
    return YearDays(MappingProxyType(off), MappingProxyType(work))
