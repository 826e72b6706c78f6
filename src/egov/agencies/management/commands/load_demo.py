"""``egov load_demo``: create (or bring up to date) the demo province and print its sign-ins."""

from django.core.management.base import BaseCommand

from egov.agencies.demo import load_demo_province


class Command(BaseCommand):
    help = "Nạp dữ liệu tỉnh mẫu (Tỉnh An Khánh, hư cấu) và in danh sách tài khoản trình diễn."

    def handle(self, *args, **options):
        accounts = load_demo_province()
        width = max(len(a.username) for a in accounts) + 2
        self.stdout.write(self.style.SUCCESS(f"Đã nạp tỉnh mẫu: {len(accounts)} tài khoản trình diễn."))
        self.stdout.write(f"{'Tên đăng nhập':<{width}}{'Mật khẩu':<12}Vai trò — Cơ quan")
        for account in accounts:
            self.stdout.write(f"{account.username:<{width}}{account.password:<12}{account.role} — {account.agency}")
