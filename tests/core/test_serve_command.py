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


def test_egov_serve_answers_with_a_request_id_logs_json_reloads_on_hup_stops_on_sigterm(tmp_path):
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
                response = urllib.request.urlopen(request, timeout=30)
            except OSError:
                try:  # not ready yet: wait briefly on the process itself (returns at once if it died)
                    server.wait(timeout=0.2)
                except subprocess.TimeoutExpired:
                    pass
                continue
        assert response.status == 200 and response.headers["X-Request-ID"] == "abc-123"
        assert json.loads(response.read())["checks"]["database"]["status"] == "ok"
        generated = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30).headers["X-Request-ID"]
        assert len(generated) == 32

        deadline, records = time.monotonic() + 10, {}
        while generated not in records and time.monotonic() < deadline:
            lines = (tmp_path / "serve.log").read_text().splitlines()
            records = {r["request_id"]: r for r in (json.loads(line) for line in lines if line.startswith('{"'))}
        assert {"abc-123", generated} <= set(records), records
        first = records["abc-123"]
        assert first["path"] == "/healthz" and first["status"] == 200 and first["duration_ms"] >= 0

        # HUP: gunicorn starts a new worker and retires the old one; requests keep being answered meanwhile.
        server.send_signal(signal.SIGHUP)
        old_pid, deadline, n, new_pid = first["pid"], time.monotonic() + 60, 0, None
        while new_pid is None:
            assert time.monotonic() < deadline, "no new worker answered within 60 s of SIGHUP"
            n += 1
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": f"hup-{n}"})
            assert urllib.request.urlopen(request, timeout=30).status == 200
            lines = (tmp_path / "serve.log").read_text().splitlines()
            after = [json.loads(line) for line in lines if line.startswith("{") and '"hup-' in line]
            new_pid = next((r["pid"] for r in after if r["pid"] != old_pid), None)
        assert server.poll() is None  # the master survived the reload
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            assert server.wait(timeout=30) == 0
        finally:
            if server.poll() is None:
                server.kill()
            log.close()
