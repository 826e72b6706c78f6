"""``egov backup``: the database, the stored files and the key material in one archive (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egov.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump; SQLite: sao lưu trực tuyến), tệp đã lưu và khóa vào một "
        "thư mục (hoặc .tar.gz) có manifest.json với SHA-256 của từng tệp. Xem docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="var/backups", help="Thư mục chứa bản sao lưu (mặc định var/backups).")
        parser.add_argument("--tar", action="store_true", help="Đóng gói thành một tệp .tar.gz.")
        parser.add_argument(
            "--without-keys", action="store_true", help="Không kèm khóa (secret_key, KEK, CA demo): cất riêng."
        )

    def handle(self, *args, output: str, tar: bool, without_keys: bool, **options):
        try:
            path = backup(Path(output), tar=tar, include_keys=not without_keys)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu: {path}"))
        if without_keys:
            self.stdout.write("Không kèm khóa: cần secret_key và keys/kek của bản cài đặt này để dùng chứng thư số.")
