"""``egov restore ARCHIVE``: into an empty database and storage, then check the audit chain and the keys."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egov.core.backup import BackupError, restore

VERIFY = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "--noinput", verbosity=0)
call_command("audit", "verify")
call_command("keys", "status")
"""


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của egov backup vào cơ sở dữ liệu và nơi lưu tệp còn trống, rồi kiểm tra "
        "nhật ký (audit verify) và khóa của chứng thư số (keys status). Xem docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Thư mục egov-backup-... hoặc tệp .tar.gz.")
        parser.add_argument("--no-verify", action="store_true", help="Không chạy audit verify và keys status sau đó.")

    def handle(self, *args, archive: str, no_verify: bool, **options):
        try:
            result = restore(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục bản sao lưu lúc {manifest['created_at']}: cơ sở dữ liệu, {result.files} tệp, "
                f"{len(result.keys)} tệp khóa."
            )
        )
        for path in result.replaced:
            self.stdout.write(f"Tệp khóa sinh ra trước đó được giữ lại: {path}")
        missing = manifest.get("secrets_from_environment_not_included") or []
        if missing:
            self.stdout.write(f"Cần đặt lại các biến môi trường như lúc sao lưu: {', '.join(missing)}")
        if not no_verify:
            # In a new process, which reads the restored keys (the secret key is read once, at start-up).
            done = subprocess.run([sys.executable, "-c", VERIFY], env=dict(os.environ), capture_output=True, text=True)
            self.stdout.write(done.stdout.strip())
            if done.returncode != 0:
                raise CommandError(f"Kiểm tra sau khôi phục thất bại: {done.stderr.strip()[-2000:]}")
