"""``egov security report --days 7``: a summary of the security log for the last days."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from egov.audit import security
from egov.audit.models import SecurityEvent

TOP = 10


class Command(BaseCommand):
    help = "Nhật ký an ninh: report in bản tóm tắt các sự kiện an ninh trong N ngày gần nhất."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        report = commands.add_parser("report", help="Tóm tắt nhật ký an ninh.")
        report.add_argument("--days", type=int, default=7, help="Số ngày gần nhất (mặc định 7).")

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "report":
            self.report(max(1, options["days"]))

    def report(self, days: int) -> None:
        now = timezone.now()
        since = now - timedelta(days=days)
        events = SecurityEvent.objects.filter(at__gte=since)
        out = self.stdout
        out.write(
            f"Nhật ký an ninh {timezone.localtime(since):%d/%m/%Y %H:%M} – {timezone.localtime(now):%d/%m/%Y %H:%M}"
            f" ({days} ngày): {events.count()} sự kiện"
        )
        out.write("\nTheo loại sự kiện:")
        for row in events.values("event").annotate(n=Count("id")).order_by("-n", "event"):
            out.write(f"  {row['n']:>7}  {security.label(row['event'])} ({row['event']})")
        self._top(events.filter(event=security.LOGIN_FAILED), "username", "Đăng nhập sai nhiều nhất theo tài khoản:")
        self._top(events.filter(event=security.LOGIN_FAILED), "ip_address", "Đăng nhập sai nhiều nhất theo địa chỉ IP:")
        self._top(events.filter(event=security.LOGIN_LOCKED), "username", "Tài khoản bị tạm khóa:")
        self._top(
            events.filter(event=security.PERMISSION_DENIED), "username", "Bị từ chối truy cập (403) theo tài khoản:"
        )
        self._top(events.filter(event=security.PERMISSION_DENIED), "path", "Bị từ chối truy cập (403) theo đường dẫn:")
        self._top(
            events.filter(event=security.PERSONAL_DATA_EXPORT), "username", "Xuất dữ liệu cá nhân theo tài khoản:"
        )
        self._top(events.filter(event=security.SECRET_DOWNLOAD), "username", "Tải tài liệu mật theo tài khoản:")

    def _top(self, queryset, field: str, title: str) -> None:
        rows = list(queryset.values(field).annotate(n=Count("id")).order_by("-n", field)[:TOP])
        if not rows:
            return
        self.stdout.write("\n" + title)
        for row in rows:
            self.stdout.write(f"  {row['n']:>7}  {row[field] or '—'}")
