"""``egov exchange import-agencies FILE`` (CSV or XLSX: OrganId, name, [endpoint, transport, email]) and
``egov exchange send-due`` (send the messages whose retry time has come; for cron)."""

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egov.exchange import services


class Command(BaseCommand):
    help = "Liên thông văn bản: danh mục cơ quan liên thông, gửi lại thông điệp đến hạn"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-agencies", help="Nạp danh mục cơ quan liên thông từ CSV hoặc XLSX")
        imp.add_argument("file")
        sub.add_parser("send-due", help="Gửi các thông điệp đã đến lượt thử lại")

    def handle(self, *args, action, **options):
        if action == "send-due":
            self.stdout.write(f"Đã thử gửi {services.send_due()} thông điệp.")
            return
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}")
        created, updated, problems = services.import_agencies(read_rows(path))
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"Thêm {created}, cập nhật {updated} cơ quan liên thông; {len(problems)} dòng lỗi.")
        if problems:
            raise SystemExit(1)


def read_rows(path: Path) -> list[list]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    text = path.read_bytes().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))
