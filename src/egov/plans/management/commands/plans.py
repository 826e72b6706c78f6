"""``egov plans import FILE [--plan-code CODE] [--dry-run]``, ``egov plans results PLAN [--json] [--refresh]`` and
``egov plans open-period SCHEDULE_ID --year Y [--index N]`` (docs/plans.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.plans import io, services
from egov.plans.models import ItPlan, ReportSchedule


class Command(BaseCommand):
    help = "Kế hoạch ứng dụng CNTT: nhập từ tệp, in kết quả thực hiện chỉ tiêu; mở kỳ báo cáo định kỳ."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Nhập kế hoạch (chỉ tiêu, dự án) từ tệp .xlsx hoặc .json.")
        importing.add_argument("file")
        importing.add_argument("--plan-code", default=None, help="Mã kế hoạch (thay mã trong tệp).")
        importing.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        showing = actions.add_parser("results", help="Chỉ tiêu của kế hoạch: hiện trạng, mục tiêu, kết quả, đánh giá.")
        showing.add_argument("plan", help="Mã kế hoạch.")
        showing.add_argument("--json", action="store_true", help="In dạng JSON.")
        showing.add_argument("--refresh", action="store_true", help="Tính lại các chỉ tiêu liên kết chỉ số tự động.")
        opening = actions.add_parser("open-period", help="Mở một kỳ báo cáo định kỳ cho các đơn vị.")
        opening.add_argument("schedule", type=int, help="Số hiệu (id) chế độ báo cáo.")
        opening.add_argument("--year", type=int, required=True)
        opening.add_argument("--index", type=int, default=1, help="Tháng, quý hoặc nửa năm (bắt đầu từ 1).")

    def handle(self, *args, action: str, **options):
        {"import": self.import_file, "results": self.results, "open-period": self.open_period}[action](**options)

    def import_file(self, *, file: str, plan_code, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        result = io.import_plan(path, plan_code=plan_code, dry_run=dry_run)
        if not result.ok:
            for issue in result.issues:
                self.stderr.write(str(issue))
            raise CommandError(
                _("Tệp có %(count)d lỗi; chưa ghi gì vào cơ sở dữ liệu.") % {"count": len(result.issues)}
            )
        counts = result.counts
        if dry_run:
            message = _("Tệp hợp lệ: %(indicators)d chỉ tiêu, %(projects)d dự án (chạy thử, chưa ghi).") % counts
            self.stdout.write(message)
            return
        counts = {**counts, "code": result.plan.code}
        message = _("Đã nhập kế hoạch %(code)s: %(indicators)d chỉ tiêu, %(projects)d dự án.") % counts
        self.stdout.write(self.style.SUCCESS(message))

    def open_period(self, *, schedule: int, year: int, index: int, **options):
        try:
            found = ReportSchedule.objects.select_related("template").get(pk=schedule)
        except ReportSchedule.DoesNotExist as error:
            raise CommandError(_("Không có chế độ báo cáo số %(id)d.") % {"id": schedule}) from error
        try:
            created = services.open_period(found, year=year, index=index)
        except services.PlanError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(_("Đã mở kỳ báo cáo cho %(count)d đơn vị.") % {"count": len(created)}))

    def results(self, *, plan: str, refresh: bool, **options):
        found = ItPlan.objects.filter(code=plan).first()
        if found is None:
            raise CommandError(_("Không có kế hoạch mã «%(code)s».") % {"code": plan})
        if refresh:
            services.refresh_computed(found)
        rows = io.results(found)
        if options.get("json"):
            self.stdout.write(_dumps({"plan": found.code, "title": found.title, "indicators": rows}))
            return
        for row in rows:
            self.stdout.write(
                f"{row['section']} {row['number']}\t{row['name']}\t{row['baseline']}\t{row['target']}\t"
                f"{row['actual']}\t{row['result_label']}"
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
