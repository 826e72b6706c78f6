"""``egov workdays add|between|load|holidays``: deadline arithmetic and the province's calendar.

Naive datetimes on the command line are in Asia/Ho_Chi_Minh; results are printed in ISO 8601 there.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.workdays import services
from egov.workdays.calendar import RULES, VN_TZ, CalendarError
from egov.workdays.labels import WEEKDAY_NAMES
from egov.workdays.provider import get_calendar

MOMENT_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")


def parse_moment(text: str) -> datetime:
    """ISO 8601 (2026-04-28T10:00, with or without offset) or 28/04/2026 10:00; naive means Vietnam time."""
    value = None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        for fmt in MOMENT_FORMATS:
            try:
                value = datetime.strptime(text.strip(), fmt)
                break
            except ValueError:
                continue
    if value is None:
        raise CommandError(
            _("Thời điểm không hợp lệ: “%(text)s” (ví dụ 2026-04-28T10:00 hoặc 28/04/2026 10:00).") % {"text": text}
        )
    return value.replace(tzinfo=VN_TZ) if value.tzinfo is None else value


def parse_days(text: str) -> int:
    if not text.strip().isdigit():
        raise CommandError(_("Số ngày làm việc phải là số nguyên không âm: “%(text)s”.") % {"text": text})
    return int(text)


def parse_hours(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise CommandError(_("Số giờ làm việc phải là số không âm: “%(text)s”.") % {"text": text})
    return value


def format_amount(value: Fraction) -> str:
    """3 → "3"; 5/2 → "2.5"; other fractions rounded to two decimals."""
    if value.denominator == 1:
        return str(value.numerator)
    rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))
    return format(rounded.normalize(), "f")


class Command(BaseCommand):
    help = gettext_lazy("Tính thời hạn theo ngày, giờ làm việc và quản lý lịch làm việc của tỉnh.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="{add,between,load,holidays}")
        add = sub.add_parser("add", help=_("Cộng ngày hoặc giờ làm việc vào một thời điểm tiếp nhận."))
        add.add_argument("--from", dest="start", help=_("Thời điểm bắt đầu (mặc định: bây giờ)."))
        add.add_argument("--days", help=_("Số ngày làm việc."))
        add.add_argument("--hours", help=_("Số giờ làm việc (thay cho --days)."))
        add.add_argument("--rule", help=_("Quy tắc tính hạn theo ngày: %(rules)s.") % {"rules": ", ".join(RULES)})
        add.add_argument("--no-cutoff", action="store_true", help=_("Không áp dụng giờ chốt tiếp nhận."))
        add.add_argument(
            "--pause", nargs=2, action="append", default=[], metavar=("TỪ", "ĐẾN"), help=_("Khoảng tạm dừng.")
        )
        between = sub.add_parser("between", help=_("Số ngày làm việc giữa hai thời điểm."))
        between.add_argument("a", help=_("Thời điểm đầu."))
        between.add_argument("b", help=_("Thời điểm cuối."))
        between.add_argument("--hours", action="store_true", help=_("In số giờ làm việc thay vì số ngày."))
        load = sub.add_parser("load", help=_("Nạp tệp lịch (JSON hoặc CSV: date, kind, note) vào cơ sở dữ liệu."))
        load.add_argument("file", nargs="?", help=_("Đường dẫn tệp (mặc định: WORKDAYS_CALENDAR_FILE)."))
        load.add_argument("--replace", action="store_true", help=_("Xóa các ngày cùng năm không có trong tệp."))
        days = sub.add_parser("holidays", help=_("Liệt kê ngày nghỉ, ngày làm bù của một năm."))
        days.add_argument("year", help=_("Năm, ví dụ 2026."))

    def handle(self, *args, **options):
        handlers = {"add": self.add, "between": self.between, "load": self.load, "holidays": self.holidays}
        action = options.get("action")
        if action not in handlers:
            raise CommandError(_("Thiếu lệnh con: add, between, load hoặc holidays."))
        try:
            handlers[action](options)
        except CalendarError as exc:
            raise CommandError(str(exc))
        except DatabaseError as exc:
            raise CommandError(
                _("Không đọc được lịch trong cơ sở dữ liệu (đã chạy “egov migrate” chưa?): %(e)s") % {"e": exc}
            )

    def add(self, options):
        if (options["days"] is None) == (options["hours"] is None):
            raise CommandError(_("Cần đúng một trong hai tham số --days hoặc --hours."))
        start = parse_moment(options["start"]) if options["start"] else timezone.now()
        pauses = [(parse_moment(a), parse_moment(b)) for a, b in options["pause"]]
        intake = not options["no_cutoff"]
        calendar = get_calendar()
        if options["days"] is not None:
            result = calendar.add_working_days(
                start, parse_days(options["days"]), pauses=pauses, intake=intake, rule=options["rule"]
            )
        else:
            result = calendar.add_working_hours(start, parse_hours(options["hours"]), pauses=pauses, intake=intake)
        self.stdout.write(result.isoformat())

    def between(self, options):
        a, b = parse_moment(options["a"]), parse_moment(options["b"])
        calendar = get_calendar()
        value = calendar.working_hours_between(a, b) if options["hours"] else calendar.working_days_between(a, b)
        self.stdout.write(format_amount(value))

    def load(self, options):
        path = options["file"] or getattr(settings, "WORKDAYS_CALENDAR_FILE", "")
        if not path:
            raise CommandError(_("Cần đường dẫn tệp lịch (hoặc đặt EGOV_WORKDAYS_CALENDAR_FILE)."))
        result = services.load_calendar_file(path, replace=options["replace"])
        self.stdout.write(
            _(
                "Đã nạp lịch từ %(path)s: %(created)d ngày thêm mới, %(updated)d cập nhật, "
                "%(unchanged)d không đổi, %(removed)d xóa."
            )
            % {"path": path, **result.__dict__}
        )

    def holidays(self, options):
        text = options["year"].strip()
        if not text.isdigit() or not 1995 <= int(text) <= 2100:
            raise CommandError(_("Năm không hợp lệ: “%(text)s” (từ 1995 đến 2100).") % {"text": text})
        calendar = get_calendar()
        for day in calendar.special_days(int(text)):
            self.stdout.write(self._day_line(calendar, day))

    def _day_line(self, calendar, day) -> str:
        if day.is_working:
            status = _("làm việc")
        elif day.date.weekday() in calendar.weekend:
            status = _("nghỉ (trùng ngày nghỉ hằng tuần)")
        else:
            status = _("nghỉ")
        source = _(" [lịch tỉnh]") if day.source == "local" else ""
        return f"{day.date.isoformat()}  {WEEKDAY_NAMES[day.date.weekday()]:<8}  {status:<32}  {day.name}{source}"
