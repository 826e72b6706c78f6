"""``egov audit``: verify, seal, checkpoint and import the audit log (docs/security.md, decision 0006).

- ``verify [--checkpoints DIR]``: check every seal and record (exit 0 when intact, 1 otherwise); with
  ``--checkpoints``, also every signed checkpoint in DIR (detects a full rehash of the log).
- ``seal``: seal the committed records now (``egov worker`` does it every minute).
- ``checkpoint [--dir DIR]``: seal, then sign the chain head into DIR (default ``EGOV_AUDIT_CHECKPOINT_DIR``).
- ``import FILE``: bulk-import audit records from JSON lines (migration from an older system), with progress.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.audit.bulk import import_records
from egov.audit.checkpoints import CheckpointError, checkpoint_dir, export_checkpoint
from egov.audit.seal import seal_pending
from egov.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Công cụ nhật ký hệ thống: verify, seal, checkpoint, import."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        verify = commands.add_parser("verify", help="Kiểm tra niêm phong và mã băm của nhật ký.")
        verify.add_argument("--chunk-size", type=int, default=5000, help="Số bản ghi đọc mỗi lần.")
        verify.add_argument("--checkpoints", metavar="DIR", help="Thư mục các điểm kiểm tra đã ký để đối chiếu.")
        commands.add_parser("seal", help="Niêm phong các bản ghi đã ghi xong.")
        checkpoint = commands.add_parser("checkpoint", help="Niêm phong rồi ký điểm kiểm tra đầu chuỗi.")
        checkpoint.add_argument("--dir", help="Thư mục ghi (mặc định EGOV_AUDIT_CHECKPOINT_DIR).")
        bulk = commands.add_parser("import", help="Nhập hàng loạt bản ghi nhật ký (JSON lines) khi chuyển đổi.")
        bulk.add_argument("file", help="Tệp JSON lines, mỗi dòng một bản ghi ('-' là đầu vào chuẩn).")

    def handle(self, *args, subcommand: str, **options):
        {"verify": self.verify, "seal": self.seal, "checkpoint": self.checkpoint, "import": self.bulk_import}[
            subcommand
        ](**options)

    def verify(self, chunk_size: int, checkpoints: str | None, **options) -> None:
        result = verify_chain(chunk_size=max(1, chunk_size), checkpoints=checkpoints)
        if not result.ok:
            if result.broken_id is not None:
                where = _("bản ghi id=%(id)d") % {"id": result.broken_id}
            elif result.broken_seal is not None:
                where = _("niêm phong số %(n)d") % {"n": result.broken_seal}
            else:
                where = _("điểm kiểm tra")
            raise CommandError(
                _("Nhật ký không toàn vẹn tại %(where)s: %(reason)s %(checked)d bản ghi trước đó hợp lệ.")
                % {"where": where, "reason": result.reason, "checked": result.checked},
                returncode=1,
            )
        message = _(
            "Nhật ký toàn vẹn: đã kiểm tra %(checked)d bản ghi, %(seals)d niêm phong (%(sealed)d bản ghi), "
            "%(unsealed)d bản ghi chưa niêm phong."
        ) % {"checked": result.checked, "seals": result.seals, "sealed": result.sealed, "unsealed": result.unsealed}
        if checkpoints:
            message += " " + _("Khớp %(n)d điểm kiểm tra đã ký.") % {"n": result.checkpoints}
        else:
            message += " " + _(
                "Không đối chiếu điểm kiểm tra đã ký: việc tính lại toàn bộ mã băm sẽ không bị phát hiện."
            )
        self.stdout.write(self.style.SUCCESS(message))

    def seal(self, **options) -> None:
        seals = seal_pending()
        total = sum(seal.count for seal in seals)
        self.stdout.write(
            _("Đã niêm phong %(records)d bản ghi trong %(seals)d lô.") % {"records": total, "seals": len(seals)}
        )

    def checkpoint(self, dir: str | None, **options) -> None:
        directory = Path(dir) if dir else checkpoint_dir()
        try:
            path = export_checkpoint(directory)
        except CheckpointError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if path is None:
            self.stdout.write(_("Không có điểm kiểm tra mới (chưa có niêm phong, hoặc đầu chuỗi đã được ký)."))
        else:
            self.stdout.write(_("Đã ký điểm kiểm tra %(path)s.") % {"path": path})

    def bulk_import(self, file: str, **options) -> None:
        stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115 - closed below
        try:
            rows = (json.loads(line) for line in stream if line.strip())
            try:
                count = import_records(rows, progress=self._progress)
            except (ValueError, KeyError, TypeError) as exc:
                raise CommandError(_("Dòng không hợp lệ: %(error)s") % {"error": exc}) from exc
        finally:
            if stream is not sys.stdin:
                stream.close()
        self.stdout.write(_("Đã nhập %(n)d bản ghi; chạy «egov audit seal» để niêm phong.") % {"n": count})

    def _progress(self, done: int) -> None:
        self.stdout.write(_("… %(n)d bản ghi") % {"n": done})
        self.stdout.flush()
