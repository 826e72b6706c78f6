"""``egov demo``: create or reuse the embedded database, load the demo province, serve the site and run
the background worker in the same process tree until Ctrl-C."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, connections
from django.urls import reverse

from egov.core.demo import load_all


class Command(BaseCommand):
    help = "Khởi chạy bản trình diễn: tạo cơ sở dữ liệu, nạp dữ liệu tỉnh mẫu, chạy máy chủ web và tiến trình nền."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Cổng (mặc định 8000).")
        parser.add_argument("--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu, không chạy máy chủ.")
        parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu cũ và bắt đầu lại từ đầu.")
        parser.add_argument("--threads", type=int, default=8, help="Số luồng của máy chủ web (mặc định 8).")

    def handle(self, *args, **options):
        if options["reset"]:
            self._reset()
        self.stdout.write("Đang áp dụng migration...")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Đang nạp dữ liệu tỉnh mẫu...")
        accounts = load_all()
        url = f"http://{options['host']}:{options['port']}/"
        self._print_summary(url, accounts)
        if not options["no_serve"]:
            connections.close_all()
            serve(options["host"], options["port"], options["threads"], self.stdout)

    def _reset(self):
        engine = settings.DATABASES["default"]["ENGINE"]
        if engine.endswith("sqlite3"):
            connections.close_all()
            name = Path(settings.DATABASES["default"]["NAME"])
            for suffix in ("", "-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)
        else:
            call_command("flush", interactive=False, verbosity=0)
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir() and settings.VAR_DIR in media.parents:
            shutil.rmtree(media)
        self.stdout.write("Đã xóa dữ liệu cũ.")

    def _print_summary(self, url, accounts):
        w = self.stdout.write
        w("")
        w(self.style.SUCCESS(f"egov đã sẵn sàng: {url}"))
        w(f"  Cổng thông tin:        {url}")
        w(f"  Dịch vụ công (người dân): {url}{reverse('services_portal:catalogue').lstrip('/')}")
        w(f"  Bàn làm việc (cán bộ): {url}dang-nhap/")
        w(f"  Kiểm tra tình trạng:   {url}healthz")
        w(f"  Cơ sở dữ liệu:         {connection.vendor} ({settings.DATABASES['default']['NAME']})")
        if accounts:
            w("")
            w("Tài khoản trình diễn (tên đăng nhập / mật khẩu — vai trò, cơ quan):")
            for account in accounts:
                w(f"  {account.username:<20} {account.password:<12} {account.role} — {account.agency}")
            w("")
            w("Quản trị hệ thống bắt buộc xác thực hai bước (TOTP): ở lần đăng nhập đầu, nhập khóa thiết lập hiện")
            w("trên trang vào ứng dụng xác thực của điện thoại — hoặc, khi trình diễn, lấy mã 6 số bằng lệnh")
            w("  egov otp code <tên đăng nhập>        (xem docs/sessions.md)")
        w("")


def serve(host: str, port: int, threads: int, out) -> None:
    """Run the web server and the task worker as child processes; stop both on Ctrl-C or SIGTERM."""
    env = dict(os.environ)
    hosts = [h for h in env.get("EGOV_ALLOWED_HOSTS", ",".join(settings.ALLOWED_HOSTS)).split(",") if h]
    if host not in hosts:
        hosts.append("*" if host in ("0.0.0.0", "::") else host)
    env["EGOV_ALLOWED_HOSTS"] = ",".join(hosts)
    env.setdefault("EGOV_SITE_URL", f"http://{host}:{port}")
    python = sys.executable
    children = [
        subprocess.Popen(
            [python, "-m", "waitress", f"--listen={host}:{port}", f"--threads={threads}", "egov.wsgi:application"],
            env=env,
        ),
        subprocess.Popen([python, "-m", "egov", "worker"], env=env),
    ]
    out.write("Máy chủ web và tiến trình nền đang chạy. Nhấn Ctrl-C để dừng.")
    out.flush()
    stopping = False

    def stop(signum=None, frame=None):
        nonlocal stopping
        stopping = True

    # Handle both explicitly: a shell without job control starts background commands with SIGINT ignored.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
    out.write("Đã dừng egov.")
