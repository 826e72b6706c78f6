"""``egov otp reset USERNAME``: lost phone, the user enrols again at the next sign-in.

``egov otp code USERNAME``: the current code of a user's key, also while enrolling — for the demo and for
operators; whoever can run egov commands already controls the database, so this opens nothing new.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from egov.accounts import totp
from egov.accounts.models import TotpDevice
from egov.audit import security


class Command(BaseCommand):
    help = "Xác thực hai bước: reset xóa ứng dụng xác thực của một tài khoản; code in mã hiện tại (trình diễn)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("reset", help="Xóa ứng dụng xác thực (mất điện thoại).").add_argument("username")
        commands.add_parser("code", help="In mã xác thực hiện tại của tài khoản.").add_argument("username")

    def handle(self, *args, subcommand: str, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username}.")
        device = TotpDevice.objects.filter(user=user).first()
        if subcommand == "reset":
            if device is not None:
                device.delete()
            security.record(security.OTP_RESET, user=user, by="egov otp reset")
            self.stdout.write(f"Đã xóa ứng dụng xác thực của {username}: đăng ký lại ở lần đăng nhập tới.")
            return
        if device is None:
            raise CommandError(f"{username} chưa có khóa xác thực: đăng nhập để mở trang đăng ký trước.")
        self.stdout.write(totp.code(device.secret))
