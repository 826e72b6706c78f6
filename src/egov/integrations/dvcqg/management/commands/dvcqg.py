"""``egov dvcqg reconcile --date D | poll | catalogue | send``: the DVCQG connector from the command line."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ... import catalogue, intake, ratings, sync
from ...client import PortalError
from ...reconcile import reconcile


class Command(BaseCommand):
    help = "Kết nối Cổng Dịch vụ công quốc gia: đối soát, lấy hồ sơ mới, lấy danh mục, gửi đồng bộ."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rec = sub.add_parser("reconcile", help="Đối soát trạng thái hồ sơ của một ngày với Cổng DVC quốc gia.")
        rec.add_argument("--date", help="Ngày (YYYY-MM-DD), mặc định hôm nay.")
        sub.add_parser("poll", help="Lấy hồ sơ mới và đánh giá từ Cổng DVC quốc gia.")
        sub.add_parser("catalogue", help="Lấy danh mục TTHC quốc gia và ánh xạ tự động.")
        sub.add_parser("send", help="Gửi ngay các thông điệp đồng bộ đến hạn.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(options)
        except PortalError as exc:
            raise CommandError(f"DVCQG: {exc}") from None

    def _reconcile(self, options):
        try:
            day = date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        except ValueError:
            raise CommandError("--date phải có dạng YYYY-MM-DD") from None
        report = reconcile(day)
        w = self.stdout.write
        w(f"Ngày {day:%d/%m/%Y}: {report.checked} hồ sơ đã kiểm tra, {len(report.mismatches)} lệch trạng thái")
        for m in report.mismatches:
            w(f"  {m.ma_ho_so}: tỉnh {m.ours}, quốc gia {m.national} ({m.waiting} thông điệp chờ gửi)")
        p50 = "—" if report.lag_p50 is None else f"{report.lag_p50:.1f}"
        p95 = "—" if report.lag_p95 is None else f"{report.lag_p95:.1f}"
        w(f"Độ trễ đồng bộ (giây): p50 {p50}, p95 {p95} trên {report.accepted} thông điệp")
        w("Lỗi theo nguyên nhân: " + (", ".join(f"{c} {n}" for c, n in report.failures.items()) or "không có"))
        w(f"Thông điệp lỗi chờ gửi lại: {report.dead_letters}")
        for error in report.errors:
            w(f"  không tra cứu được {error}")

    def _poll(self, options):
        result = intake.poll()
        rated = ratings.pull_ratings()
        self.stdout.write(
            f"{result.seen} hồ sơ mới trên Cổng, {result.created} đã tiếp nhận, {result.failed} lỗi; {rated} đánh giá"
        )

    def _catalogue(self, options):
        n = catalogue.pull()
        counts = catalogue.automap()
        self.stdout.write(
            f"{n} thủ tục quốc gia; tự động {counts['auto']}, gợi ý {counts['suggested']}, "
            f"chưa ánh xạ {counts['unmapped']}"
        )

    def _send(self, options):
        self.stdout.write(f"{sync.send_due()} lần gửi")
