"""``egov reports rebuild [--from YYYY-MM-DD] [--to YYYY-MM-DD]``: rebuild the daily facts from the raw tables."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from egov.reports import facts


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (cần dạng YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Bảng số liệu ngày của báo cáo: dựng lại từ dữ liệu gốc."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        rebuild = actions.add_parser("rebuild", help="Dựng lại số liệu ngày (mặc định: toàn bộ).")
        rebuild.add_argument("--from", dest="start", type=_date, help="Từ ngày (YYYY-MM-DD).")
        rebuild.add_argument("--to", dest="end", type=_date, help="Đến ngày (YYYY-MM-DD).")

    def handle(self, *args, action, start=None, end=None, **options):
        if start and end and end < start:
            raise CommandError("Ngày kết thúc phải sau ngày bắt đầu.")
        began = time.perf_counter()
        written = facts.rebuild(start, end)
        seconds = time.perf_counter() - began
        self.stdout.write(f"Đã dựng lại {written} dòng số liệu ngày trong {seconds:.1f} giây.")
