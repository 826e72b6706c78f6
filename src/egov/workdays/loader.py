"""Reading a yearly calendar file (JSON or CSV with the columns date, kind, note): no database access.

JSON: a list of objects ``{"date": "2026-01-02", "kind": "day_off", "note": "..."}`` (or ``{"days": [...]}``).
CSV: a header line ``date,kind,note`` then one line per day (``;`` also accepted as separator).
Dates are ISO (2026-01-02) or Vietnamese (02/01/2026); kind is ``day_off`` or ``working_day``.
"""

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

from .kinds import DAY_OFF, WORKING_DAY, CalendarError

KIND_ALIASES = {
    DAY_OFF: DAY_OFF,
    "off": DAY_OFF,
    "nghỉ": DAY_OFF,
    WORKING_DAY: WORKING_DAY,
    "working": WORKING_DAY,
    "làm bù": WORKING_DAY,
    "làm việc": WORKING_DAY,
}


class CalendarEntry(NamedTuple):
    date: date
    kind: str
    note: str = ""


class CalendarFileError(CalendarError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def parse_date(text: str) -> date:
    text = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _entry(row: dict, where: str) -> tuple[CalendarEntry | None, str | None]:
    if not isinstance(row, dict):
        return None, _("%(where)s: cần một đối tượng có date, kind, note.") % {"where": where}
    raw_date, raw_kind = row.get("date") or "", str(row.get("kind") or "").strip().lower()
    try:
        day = parse_date(raw_date)
    except ValueError:
        return None, _("%(where)s: ngày “%(value)s” không hợp lệ (dạng 2026-01-02 hoặc 02/01/2026).") % {
            "where": where,
            "value": raw_date,
        }
    if raw_kind not in KIND_ALIASES:
        return None, _("%(where)s: loại ngày “%(value)s” không hợp lệ (day_off hoặc working_day).") % {
            "where": where,
            "value": raw_kind,
        }
    return CalendarEntry(day, KIND_ALIASES[raw_kind], str(row.get("note") or "").strip()), None


def _rows_from_json(text: str) -> list[tuple[str, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarFileError([_("Tệp JSON không hợp lệ: %(error)s") % {"error": exc}])
    if isinstance(data, dict):
        data = data.get("days")
    if not isinstance(data, list):
        raise CalendarFileError([_('Tệp JSON phải là một danh sách ngày (hoặc {"days": [...]}).')])
    return [(_("Mục %(n)d") % {"n": n}, row) for n, row in enumerate(data, start=1)]


def _rows_from_csv(text: str) -> list[tuple[str, dict]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "date" not in header or "kind" not in header:
        raise CalendarFileError([_("Tệp CSV cần dòng tiêu đề có các cột date, kind, note.")])
    reader.fieldnames = header
    return [(_("Dòng %(n)d") % {"n": reader.line_num}, row) for row in reader]


def parse_calendar_text(text: str, fmt: str) -> list[CalendarEntry]:
    """Entries of a calendar file's text; ``fmt`` is "json" or "csv". Raises CalendarFileError."""
    text = text.lstrip("\ufeff")
    rows = _rows_from_json(text) if fmt == "json" else _rows_from_csv(text)
    entries, errors, seen = [], [], set()
    for where, row in rows:
        entry, error = _entry(row, where)
        if entry and entry.date in seen:
            error = _("%(where)s: ngày %(date)s bị lặp lại.") % {"where": where, "date": entry.date.isoformat()}
        if error:
            errors.append(error)
            continue
        seen.add(entry.date)
        entries.append(entry)
    if errors:
        raise CalendarFileError(errors)
    return entries


def read_calendar_file(path: str | Path) -> list[CalendarEntry]:
    """Entries of a .json or .csv calendar file. Raises CalendarFileError with Vietnamese messages."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("json", "csv"):
        raise CalendarFileError([_("Tệp lịch phải có đuôi .json hoặc .csv: %(path)s") % {"path": path}])
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise CalendarFileError([_("Không đọc được tệp lịch: %(path)s") % {"path": path}])
    except UnicodeDecodeError:
        raise CalendarFileError([_("Tệp lịch phải được mã hóa UTF-8: %(path)s") % {"path": path}])
    return parse_calendar_text(text, fmt)
