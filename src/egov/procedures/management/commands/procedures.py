"""``egov procedures import FILE [--dry-run]`` and ``egov procedures export FILE``: the catalogue as JSON or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egov.procedures import services


class Command(BaseCommand):
    help = "Nhập hoặc xuất danh mục thủ tục hành chính (tệp .json hoặc .xlsx, xem docs/procedures-format.md)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Nhập danh mục từ tệp (cập nhật thủ tục đã có theo mã).")
        importing.add_argument("file")
        importing.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        exporting = actions.add_parser("export", help="Xuất toàn bộ danh mục ra tệp.")
        exporting.add_argument("file")

    def handle(self, *args, action: str, file: str, **options):
        if action == "import":
            self.import_file(Path(file), dry_run=options["dry_run"])
        else:
            self.export_file(Path(file))

    def import_file(self, path: Path, *, dry_run: bool) -> None:
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        result = services.import_catalogue(path, dry_run=dry_run)
        if not result.ok:
            for issue in result.issues:
                self.stderr.write(str(issue))
            raise CommandError(
                _("Tệp có %(count)d lỗi; chưa ghi gì vào cơ sở dữ liệu.") % {"count": len(result.issues)}
            )
        counts = {"created": len(result.created), "updated": len(result.updated), "unchanged": len(result.unchanged)}
        if dry_run:
            message = _("Sẽ thêm %(created)d, cập nhật %(updated)d thủ tục; %(unchanged)d thủ tục không đổi.")
        else:
            message = _("Đã thêm %(created)d, cập nhật %(updated)d thủ tục; %(unchanged)d thủ tục không đổi.")
        self.stdout.write(self.style.SUCCESS(message % counts))
        if dry_run:
            self.stdout.write(_("Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu."))

    def export_file(self, path: Path) -> None:
        format = services.detect_format(path.name)
        if format is None:
            raise CommandError(_("Tên tệp phải có đuôi .json hoặc .xlsx."))
        path.write_bytes(services.export_catalogue(format))
        self.stdout.write(self.style.SUCCESS(_("Đã xuất danh mục ra %(path)s.") % {"path": path}))
