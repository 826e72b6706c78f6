"""``egov serve``: gunicorn started as a separate process, the way a province runs it (issue 16)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from egov.core.serving import JsonAccessLogger, default_workers, gunicorn_argv

SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_workers_and_threads_come_from_the_cpu_count_or_the_settings():
    argv = gunicorn_argv({}, bind=None)
    assert f"--workers={default_workers()}" in argv and "--threads=4" in argv
    assert "--worker-class=gthread" in argv and "--bind=127.0.0.1:8000" in argv
    argv = gunicorn_argv({"EGOV_SERVE_WORKERS": "5", "EGOV_SERVE_THREADS": "2", "EGOV_SERVE_BIND": "0.0.0.0:9"})
    assert {"--workers=5", "--threads=2", "--bind=0.0.0.0:9"} <= set(argv)
    assert "--bind=127.0.0.1:1" in gunicorn_argv({"EGOV_SERVE_BIND": "0.0.0.0:9"}, bind="127.0.0.1:1")
    assert default_workers(2) == 3
    assert f"--logger-class={JsonAccessLogger.__module__}.JsonAccessLogger" in argv


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "DJANGO_"))}
    env.update(
        PYTHONPATH=SRC,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EGOV_VAR_DIR=str(tmp_path / "var"),
        EGOV_SECRET_KEY="test-serve-" + "x" * 40,
        EGOV_SERVE_WORKERS="1",
        EGOV_SERVE_THREADS="2",
    )
    return env


def test_egov_serve_answers_with_a_request_id_logs_json_and_stops_on_sigterm(tmp_path):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-m", "egov", "migrate", "-v0"], env=env, check=True, timeout=300)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "egov", "serve", "--bind", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=log
    )
    try:
        deadline, response = time.monotonic() + 60, None
        while response is None:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "egov serve did not answer within 60 s"
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "abc-123"})
            try:
                response = urllib.request.urlopen(request, timeout=5)
            except OSError:
                try:  # not ready yet: wait briefly on the process itself (returns at once if it died)
                    server.wait(timeout=0.2)
                except subprocess.TimeoutExpired:
                    pass
                continue
        assert response.status == 200 and response.headers["X-Request-ID"] == "abc-123"
        assert json.loads(response.read())["checks"]["database"]["status"] == "ok"
        generated = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).headers["X-Request-ID"]
        assert len(generated) == 32

        deadline, records = time.monotonic() + 10, []
        while len(records) < 2 and time.monotonic() < deadline:
            lines = (tmp_path / "serve.log").read_text().splitlines()
            records = [json.loads(line) for line in lines if line.startswith("{")]
        assert [r["request_id"] for r in records[:2]] == ["abc-123", generated], records
        assert records[0]["path"] == "/healthz" and records[0]["status"] == 200 and records[0]["duration_ms"] >= 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            assert server.wait(timeout=30) == 0
        finally:
            if server.poll() is None:
                server.kill()
            log.close()
