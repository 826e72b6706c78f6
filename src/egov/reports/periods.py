"""Periods of the reports: inclusive local date ranges (months, quarters, halves, years, Decree 09 cut-offs)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

DECREE_09_KINDS = ("month", "quarter", "half", "year")


@dataclass(frozen=True)
class Period:
    """Inclusive local dates ``start``..``end``."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("Period end before start")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if not 1 <= q <= 4:
            raise ValueError("quarter must be 1..4")
        return cls(date(year, 3 * q - 2, 1), cls.month(year, 3 * q).end)

    @classmethod
    def half(cls, year: int, h: int) -> Period:
        if h not in (1, 2):
            raise ValueError("half must be 1 or 2")
        return cls(date(year, 6 * h - 5, 1), cls.month(year, 6 * h).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def decree_09(cls, kind: str, year: int, n: int = 1) -> Period:
        """The data cut-off of a periodic report under Nghị định 09/2019/NĐ-CP, Điều 12.

        Figures run from the 15th of the month before the period to the 14th of its last month:
        - ``month`` n: 15/(n-1) to 14/n (January: 15 December of the year before);
        - ``quarter`` n: 15th of the month before the quarter to 14th of its last month;
        - ``half`` 1: 15/12 of the year before to 14/6; ``half`` 2: 15/6 to 14/12;
        - ``year``: 15/12 of the year before to 14/12 (``n`` ignored).
        """
        if kind == "month":
            if not 1 <= n <= 12:
                raise ValueError("month must be 1..12")
            first, last = n, n
        elif kind == "quarter":
            if not 1 <= n <= 4:
                raise ValueError("quarter must be 1..4")
            first, last = 3 * n - 2, 3 * n
        elif kind == "half":
            if n not in (1, 2):
                raise ValueError("half must be 1 or 2")
            first, last = 6 * n - 5, 6 * n
        elif kind == "year":
            first, last = 1, 12
        else:
            raise ValueError(f"kind must be one of {DECREE_09_KINDS}")
        start = date(year - 1, 12, 15) if first == 1 else date(year, first - 1, 15)
        return cls(start, date(year, last, 14))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[Period]:
        """The calendar months overlapping the period, clipped to it (for trends)."""
        out, cursor = [], self.start
        while cursor <= self.end:
            month = Period.month(cursor.year, cursor.month)
            out.append(Period(max(month.start, self.start), min(month.end, self.end)))
            cursor = month.end + timedelta(days=1)
        return out

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"
