"""Dates, times and numbers as edXML writes them (strict) and as real systems send them (tolerant)."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

DATE_FORMAT = "%Y/%m/%d"  # what we send: 2026/11/23
DATETIME_FORMAT = "%Y/%m/%d %H:%M:%S"  # Vietnam time

# What we accept: year first with / - . separators, day first (Vietnamese order), compact, ISO 8601.
_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


class ValueProblem(ValueError):
    pass


def format_date(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(VIETNAM)
    return value.strftime(DATETIME_FORMAT)


def parse_date(text: str) -> date | None:
    """A date in any of the accepted forms; a date-time gives its (Vietnam) date."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    else:
        if any(sep in text for sep in ("T", " ")):
            return parse_datetime(text).astimezone(VIETNAM).date()
    raise ValueProblem(f"ngày không hợp lệ: {text!r}")


def parse_datetime(text: str) -> datetime | None:
    """A moment; without a zone it is Vietnam time. Returns an aware datetime."""
    text = (text or "").strip()
    if not text:
        return None
    day_part, _, time_part = re.split(r"(T|\s+)", text, maxsplit=1) if re.search(r"T|\s", text) else (text, "", "")
    day = parse_date(day_part)
    if not time_part:
        return datetime.combine(day, time(), VIETNAM)
    match = _TIME.match(time_part.strip())
    if not match:
        raise ValueProblem(f"thời điểm không hợp lệ: {text!r}")
    hour, minute, second, zone = match.groups()
    try:
        moment = datetime.combine(day, time(int(hour), int(minute), int(second or 0)))
    except ValueError:
        raise ValueProblem(f"thời điểm không hợp lệ: {text!r}")
    if zone:
        return datetime.fromisoformat(moment.isoformat() + ("+00:00" if zone == "Z" else _colon(zone)))
    return moment.replace(tzinfo=VIETNAM)


def _colon(zone: str) -> str:
    return zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"


def parse_int(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueProblem(f"không phải số nguyên: {text!r}")
