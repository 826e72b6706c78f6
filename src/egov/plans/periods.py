"""Report periods of Decree 09/2019: calendar periods, or the common data cut-off (from the 15th of the month
before the period to the 14th of its last month); deadlines in working days from egov.workdays."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from egov.workdays.provider import get_calendar

from .models import Frequency

MONTHS = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.HALF: 6, Frequency.YEAR: 12}
COUNT = {Frequency.MONTH: 12, Frequency.QUARTER: 4, Frequency.HALF: 2, Frequency.YEAR: 1}
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date
    label: str


def _month_start(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, 1)


def label(frequency: str, year: int, index: int) -> str:
    if frequency == Frequency.MONTH:
        return _("Tháng %(n)d/%(y)d") % {"n": index, "y": year}
    if frequency == Frequency.QUARTER:
        return _("Quý %(n)s/%(y)d") % {"n": ROMAN[index - 1], "y": year}
    if frequency == Frequency.HALF:
        return (_("6 tháng đầu năm %(y)d") if index == 1 else _("6 tháng cuối năm %(y)d")) % {"y": year}
    return _("Năm %(y)d") % {"y": year}


def period(frequency: str, year: int, index: int = 1, *, decree_cutoff: bool = True) -> ReportPeriod:
    """Period number ``index`` (1-based: month, quarter, half) of ``year``."""
    if not 1 <= index <= COUNT[frequency]:
        raise ValueError(_("Kỳ báo cáo không hợp lệ."))
    months = MONTHS[frequency]
    first_month = (index - 1) * months + 1
    start = _month_start(year, first_month)
    following = _month_start(year, first_month + months)
    if decree_cutoff:
        previous = _month_start(year, first_month - 1)
        last = _month_start(year, first_month + months - 1)
        return ReportPeriod(previous.replace(day=15), last.replace(day=14), label(frequency, year, index))
    return ReportPeriod(start, following - timedelta(days=1), label(frequency, year, index))


def index_of(frequency: str, day: date) -> int:
    return (day.month - 1) // MONTHS[frequency] + 1


def deadline(end: date, working_days: int) -> date:
    """The ``working_days``-th working day after the data period's last day."""
    calendar = get_calendar()
    day = end
    for _step in range(working_days):
        day = calendar.next_working_day(day)
    return day
