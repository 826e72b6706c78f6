"""``egov audit verify``: check the audit log's hash chain (exit 0 when intact, 1 otherwise)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Công cụ nhật ký hệ thống: verify kiểm tra tính toàn vẹn của chuỗi mã băm."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        verify = commands.add_parser("verify", help="Kiểm tra chuỗi mã băm của nhật ký.")
        verify.add_argument("--chunk-size", type=int, default=1000, help="Số bản ghi đọc mỗi lần.")

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "verify":
            self.verify(options["chunk_size"])

    def verify(self, chunk_size: int) -> None:
        result = verify_chain(chunk_size=max(1, chunk_size))
        if not result.ok:
            where = _("bản ghi số %(seq)d") % {"seq": result.broken_seq}
            if result.broken_id is not None:
                where += f" (id={result.broken_id})"
            raise CommandError(
                _("Nhật ký không toàn vẹn tại %(where)s: %(reason)s %(checked)d bản ghi trước đó hợp lệ.")
                % {"where": where, "reason": result.reason, "checked": result.checked},
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(_("Nhật ký toàn vẹn: đã kiểm tra %(checked)d bản ghi.") % {"checked": result.checked})
        )
