"""``egov serve``: the production web server (gunicorn, gthread workers). See docs/deployment.md."""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from egov.core.metrics import prepare_multiprocess_dir
from egov.core.serving import DEFAULT_CONN_MAX_AGE, gunicorn_argv


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web sản xuất (gunicorn, gthread). Số tiến trình/luồng từ số nhân CPU hoặc "
        "EGOV_SERVE_WORKERS / EGOV_SERVE_THREADS; địa chỉ từ EGOV_SERVE_BIND. SIGHUP: tải lại êm; SIGTERM: dừng êm."
    )
    requires_system_checks = []  # the settings are loaded again by every gunicorn worker

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="host:port (mặc định EGOV_SERVE_BIND hoặc 127.0.0.1:8000)")
        parser.add_argument("--dry-run", action="store_true", help="In lệnh gunicorn rồi thoát")

    def handle(self, *args, bind=None, dry_run=False, **options):
        if settings.STATIC_HASHED and not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            raise CommandError(
                "EGOV_STATIC_HASHED=1 nhưng chưa thu thập tệp tĩnh: chạy `egov collectstatic --noinput` trước."
            )
        env = dict(os.environ)
        # Persistent database connections by default in production (with a health check before reuse);
        # EGOV_DB_CONN_MAX_AGE, when set (0 included), wins.
        env.setdefault("EGOV_DB_CONN_MAX_AGE", DEFAULT_CONN_MAX_AGE)
        argv = gunicorn_argv(env, bind=bind)
        if dry_run:
            self.stdout.write(" ".join(argv))
            return
        # The gunicorn workers' shared metrics files (egov.core.metrics), emptied at each start.
        prepare_multiprocess_dir(env, next(a for a in argv if a.startswith("--bind="))[len("--bind=") :])
        sys.stdout.flush()
        sys.stderr.flush()
        # Replace this process: gunicorn's master then receives HUP (graceful reload), TERM (graceful stop),
        # TTIN/TTOU directly from systemd or the operator.
        os.execve(sys.executable, [sys.executable, "-m", "gunicorn", *argv[1:]], env)
