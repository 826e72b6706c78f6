"""``egov keys status`` and ``egov keys rotate``: the key-encryption key of stored certificates (signatures/keys.py)."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from egov.signatures import keys


class Command(BaseCommand):
    help = (
        "Khóa mã hóa khóa (KEK) của chứng thư số: status cho biết khóa nào mở được các khóa bí mật đã lưu; "
        "rotate tạo KEK mới và mã hóa lại mọi khóa bí mật đã lưu (kể cả khóa cũ mã hóa theo EGOV_SECRET_KEY)."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("status", help="Số khóa bí mật mở được bằng KEK hiện tại, KEK cũ, cách cũ.")
        commands.add_parser(
            "rotate", help="Tạo KEK mới (hoặc lấy từ EGOV_KEK_NEW khi EGOV_KEK đặt qua biến môi trường) và mã hóa lại."
        )

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "status":
            counts = keys.status()
            source = "EGOV_KEK" if keys.from_environment() else str(keys.kek_file())
            self.stdout.write(f"KEK: {source}")
            for kind, label in (
                ("current", "mở bằng KEK hiện tại"),
                ("previous", "mở bằng KEK cũ (cần rotate)"),
                ("legacy", "mở bằng cách cũ theo EGOV_SECRET_KEY/EGOV_SIGNATURES_PKCS12_PASSPHRASE (cần rotate)"),
                ("unreadable", "KHÔNG mở được (thiếu khóa)"),
            ):
                self.stdout.write(f"  {counts[kind]:>6}  {label}")
            if counts["unreadable"]:
                raise CommandError("Có khóa bí mật không mở được.", returncode=1)
            return
        try:
            result = keys.rotate(os.environ.get("EGOV_KEK_NEW") or None)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã mã hóa lại {result.reencrypted} khóa bí mật bằng KEK mới."))
        if result.new_kek_source == "environment":
            self.stdout.write(
                "Đặt EGOV_KEK bằng giá trị của EGOV_KEK_NEW (và giữ KEK cũ trong EGOV_KEK_PREVIOUS đến khi chắc chắn)."
            )
        else:
            self.stdout.write(f"KEK mới: {result.new_kek_source} (KEK cũ giữ trong {keys.previous_file()}).")
        if result.unreadable:
            raise CommandError(f"Không mở được khóa bí mật của chứng thư số: {result.unreadable}", returncode=1)
