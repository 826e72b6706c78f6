"""``egov worker``: the background worker (task queue + outbox deliveries); ``--once`` drains and exits."""

import logging

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from egov.events.worker import Worker


class Command(BaseCommand):
    help = "Tiến trình nền: chạy các tác vụ trong hàng đợi và chuyển sự kiện đến các bộ xử lý."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Xử lý hết việc đến hạn rồi dừng.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Số giây chờ giữa hai lần kiểm tra hàng đợi (mặc định 1)."
        )
        parser.add_argument(
            "--sweep-interval",
            type=float,
            default=5.0,
            help="Số giây giữa hai lần quét sự kiện đến hạn hoặc bị bỏ dở (mặc định 5).",
        )
        parser.add_argument(
            "--queue-name", default="*", help="Các hàng đợi tác vụ, cách nhau bằng dấu phẩy; * là tất cả."
        )
        parser.add_argument("--worker-id", default=None, help="Tên tiến trình, duy nhất trong cụm máy.")

    def handle(self, *args, once, interval, sweep_interval, queue_name, worker_id, verbosity, **options):
        _configure_logging(verbosity)
        worker = Worker(
            interval=max(interval, 0.0),
            sweep_interval=max(sweep_interval, 0.0),
            queue_names=tuple(name.strip() for name in queue_name.split(",") if name.strip()) or ("*",),
            worker_id=worker_id,
        )
        if once:
            count = worker.run_once()
            self.stdout.write(_("Đã xử lý %(count)d việc.") % {"count": count})
            return
        worker.install_signal_handlers()
        self.stdout.write(_("Tiến trình nền %(id)s đang chạy. Nhấn Ctrl-C để dừng.") % {"id": worker.worker_id})
        self.stdout.flush()
        worker.run_forever()
        self.stdout.write(_("Tiến trình nền đã dừng."))
        self.stdout.flush()


def _configure_logging(verbosity: int) -> None:
    """django-tasks-db logs every empty batch at INFO; keep that for -v 2."""
    level = logging.DEBUG if verbosity >= 2 else logging.WARNING
    logging.getLogger("django_tasks_db").setLevel(level)
    logging.getLogger("django_tasks").setLevel(level if verbosity >= 2 else logging.WARNING)
