"""``egov payments reconcile --date YYYY-MM-DD``: the day's mismatches between gateways and our records."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.payments.reconciliation import reconcile


class Command(BaseCommand):
    help = "Đối soát thanh toán trực tuyến"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rec = sub.add_parser("reconcile", help="Liệt kê chênh lệch của một ngày")
        rec.add_argument("--date", dest="day", default="", help="YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args, action, day="", **options):
        try:
            moment = date.fromisoformat(day) if day else timezone.localdate()
        except ValueError:
            raise CommandError(_("Ngày không hợp lệ: “%(text)s” (ví dụ 2026-11-23).") % {"text": day}) from None
        mismatches = reconcile(moment)
        for m in mismatches:
            self.stdout.write(f"{m.reference}\t{m.kind}\t{m.label}\t{m.detail}")
        self.stdout.write(
            _("%(count)d chênh lệch ngày %(day)s.") % {"count": len(mismatches), "day": moment.isoformat()}
        )
