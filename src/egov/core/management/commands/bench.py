"""``egov bench [SCENARIO ...]``: run benchmark scenarios on a throw-away database.

The command re-runs itself in a child process whose DATABASE_URL points at a fresh database (a
temporary SQLite file, or a new PostgreSQL database on the server given by ``--postgres``), applies
the migrations, runs each scenario with its baseline and prints one line per scenario.
"""

import os
import subprocess
import sys
import tempfile
import uuid

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from egov.core.benchmarking import BenchContext, discover, format_line
from egov.core.loadtest import load_average

CHILD_FLAG = "EGOV_BENCH_CHILD"


class Command(BaseCommand):
    help = "Chạy các kịch bản đo hiệu năng trên một cơ sở dữ liệu tạm và in kết quả so với mức cơ sở."

    def add_arguments(self, parser):
        parser.add_argument("scenarios", nargs="*", help="Tên kịch bản (mặc định: tất cả).")
        parser.add_argument("--list", action="store_true", help="Liệt kê các kịch bản rồi thoát.")
        parser.add_argument("--scale", type=float, default=1.0, help="Hệ số kích thước dữ liệu (mặc định 1).")
        parser.add_argument(
            "--postgres",
            metavar="URL",
            help="Chạy trên PostgreSQL: URL tới máy chủ, ví dụ postgres://postgres@127.0.0.1:5432/postgres; "
            "một cơ sở dữ liệu tạm được tạo rồi xóa.",
        )

        parser.add_argument(
            "--duration",
            type=float,
            help="Giây đo mỗi trang của các kịch bản HTTP (mặc định 10), hoặc cả kịch bản mixed/fault (mặc định 300).",
        )

    def handle(self, *args, **options):
        registry = discover()
        unknown = [name for name in options["scenarios"] if name not in registry]
        if unknown:
            raise CommandError(
                f"Không có kịch bản: {', '.join(unknown)}. Các kịch bản hiện có: {', '.join(registry) or '(chưa có)'}"
            )
        if options["list"]:
            for sc in registry.values():
                self.stdout.write(f"{sc.name:<22} {sc.unit:<12} {sc.description}")
            return
        if os.environ.get(CHILD_FLAG):
            self._run_here(registry, options)
        else:
            self._run_in_child(options)

    def _run_here(self, registry, options):
        call_command("migrate", verbosity=0, interactive=False)
        ctx = BenchContext(scale=options["scale"], extra={"duration": options.get("duration")})
        names = options["scenarios"] or list(registry)
        for name in names:
            sc = registry[name]
            result = sc.func(ctx)
            for m in result if isinstance(result, list) else [result]:
                self.stdout.write(format_line(sc, m))
                self.stdout.flush()

    def _run_in_child(self, options):
        argv = [sys.executable, "-m", "egov", "bench", *options["scenarios"], "--scale", str(options["scale"])]
        if options.get("duration"):
            argv += ["--duration", str(options["duration"])]
        with tempfile.TemporaryDirectory(prefix="egov-bench-") as tmp:
            env = {**os.environ, CHILD_FLAG: "1", "EGOV_VAR_DIR": tmp, "EGOV_TASKS_BACKEND": "dummy"}
            dropper = None
            if options["postgres"]:
                env["DATABASE_URL"], dropper = _create_postgres_database(options["postgres"])
            else:
                env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            try:
                vendor = "PostgreSQL" if options["postgres"] else "SQLite"
                self.stdout.write(
                    f"egov bench — {vendor}, scale {options['scale']}, {os.cpu_count()} CPU, load {load_average()}"
                )
                self.stdout.flush()
                code = subprocess.call(argv, env=env)
            finally:
                if dropper:
                    dropper()
        if code:
            raise CommandError(f"Kịch bản đo lỗi (mã thoát {code}).")


def _create_postgres_database(server_url: str):
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(server_url)
    name = f"egov_bench_{uuid.uuid4().hex[:8]}"
    conninfo = dict(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname=config["NAME"] or "postgres",
    )
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = conninfo["user"] + (f":{conninfo['password']}" if conninfo["password"] else "")
    url = f"postgres://{auth}@{conninfo['host']}:{conninfo['port']}/{name}"

    def drop():
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop
