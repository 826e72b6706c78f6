"""Load tests against ``egov serve`` from a separate load generator (the HTTP scenarios of ``egov bench``).

The application under test runs as it does in production: ``egov serve`` (gunicorn, gthread) in its own
process group, on the database the bench command created (PostgreSQL with ``--postgres``, SQLite otherwise).
The load comes from **wrk** (``/usr/bin/wrk``, Debian package ``wrk``), another process: the interpreter
that seeded the data sends no request itself. Each run reports requests per second and p50/p95/p99 latency;
a scenario's baseline is ``/healthz`` on the same server in the same run.

Defaults follow the method of issue 16: 2 gunicorn workers × 4 threads, ``wrk -t2 -c8``, 10 s per URL
(``EGOV_BENCH_SECONDS``). ``EGOV_BENCH_PORT`` picks the first port tried (default: one the system gives).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .benchmarking import Measurement

WRK = "wrk"
SERVER_START_SECONDS = 90

# wrk prints this line from the script's done(): requests, duration (µs), latency percentiles (µs),
# non-2xx/3xx answers, socket errors (connect, read, write, timeout).
_LUA_TEMPLATE = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("EGOV-WRK %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    bad_status: int  # answers other than 2xx/3xx
    socket_errors: int
    cpu_ms: float | None = None  # CPU time of the egov serve processes per request (not the database's)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.bad_status + self.socket_errors

    def brief(self) -> str:
        text = f"{self.rate:,.0f} req/s p50 {self.p50_ms:.1f} p95 {self.p95_ms:.1f} p99 {self.p99_ms:.1f} ms"
        return text + (f", {self.errors} errors" if self.errors else "")


def wrk_available() -> bool:
    return shutil.which(WRK) is not None


def seconds_per_url(default: float = 10.0) -> float:
    return float(os.environ.get("EGOV_BENCH_SECONDS") or default)


def _free_port() -> int:
    first = int(os.environ.get("EGOV_BENCH_PORT") or 0)
    for port in range(first, first + 100) if first else [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port from {first}")


class Server:
    """One ``egov serve`` node: a gunicorn master (its own process group) and its workers."""

    def __init__(self, env: dict[str, str] | None = None, *, workers: int = 2, threads: int = 4, log: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "EGOV_SERVE_WORKERS": str(workers),
            "EGOV_SERVE_THREADS": str(threads),
            **(env or {}),
        }
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        argv = [sys.executable, "-m", "egov", "serve", f"--bind=127.0.0.1:{self.port}"]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"egov serve exited with {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"egov serve did not answer /healthz in {SERVER_START_SECONDS} s; see {self.log}")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the master and its workers so far (Linux /proc)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return total

    def measure(self, paths: list[str], **options) -> LoadResult:
        """``wrk`` against this node, with the node's CPU time per request."""
        import dataclasses

        # Warm-up: one request alone first (a page rendered for the cache may take longer than wrk's warm-up
        # second under load), then a short wrk run.
        request = urllib.request.Request(self.base + paths[0], headers=options.get("headers") or {})
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
            response.read()
        wrk(self.base, paths, seconds=1, **{k: v for k, v in options.items() if k != "seconds"})
        before = self.cpu_seconds()
        result = wrk(self.base, paths, warm_up=False, **options)
        spent = self.cpu_seconds() - before
        return dataclasses.replace(result, cpu_ms=spent * 1000 / result.requests if result.requests else None)

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (children of the master)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill(self) -> None:
        """SIGKILL the whole node (master and workers), as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """SIGTERM (gunicorn's graceful stop), then SIGKILL after 30 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def served(env: dict[str, str] | None = None, *, workers: int = 2, threads: int = 4):
    """``egov serve`` on a free loopback port for the duration of the block; yields the ``Server``."""
    with tempfile.TemporaryDirectory(prefix="egov-serve-") as tmp:
        server = Server(env, workers=workers, threads=threads, log=Path(tmp) / "serve.log")
        try:
            yield server.start()
        finally:
            server.stop()


def wrk(
    base: str,
    paths: list[str],
    *,
    seconds: float | None = None,
    connections: int = 8,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    warm_up: bool = True,
) -> LoadResult:
    """Drive ``base`` with wrk for ``seconds``, cycling over ``paths``; a short warm-up run comes first."""
    if not wrk_available():
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    seconds = seconds or seconds_per_url()
    lua = _LUA_TEMPLATE % {"paths": ", ".join(_lua_string(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        argv = [WRK, f"-t{threads}", f"-c{connections}", "--timeout=10s", "-s", script.name]
        for name, value in (headers or {}).items():
            argv += ["-H", f"{name}: {value}"]
        if warm_up:
            _run_wrk([*argv, "-d1s", base])  # caches, connections, imports
        return _run_wrk([*argv, f"-d{max(1, round(seconds))}s", base])
    finally:
        os.unlink(script.name)


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run_wrk(argv: list[str]) -> LoadResult:
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=600).stdout  # noqa: S603
    line = next((x for x in out.splitlines() if x.startswith("EGOV-WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {out[-500:]}")
    requests, duration, p50, p95, p99, bad, socket_errors = (int(x) for x in line.split()[1:])
    return LoadResult(requests, duration / 1e6, p50 / 1000, p95 / 1000, p99 / 1000, bad, socket_errors)


def versus_healthz(result: LoadResult, healthz: LoadResult, label: str = "") -> Measurement:
    """A page's rate against ``/healthz`` on the same server, with both latencies in the note."""
    return Measurement(
        measured=result.rate,
        baseline=healthz.rate,
        note=f"p50 {result.p50_ms:.1f} p99 {result.p99_ms:.1f} ms (healthz p50 {healthz.p50_ms:.1f} "
        f"p99 {healthz.p99_ms:.1f})"
        + (
            f", cpu {result.cpu_ms:.1f} ms/req (healthz {healthz.cpu_ms:.1f})"
            if result.cpu_ms and healthz.cpu_ms
            else ""
        )
        + (f", {result.errors} errors" if result.errors else ""),
        label=label,
    )


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def session_headers(user) -> dict[str, str]:
    """A ``Cookie`` header signing ``user`` in (a database session made here, used by wrk elsewhere)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


def staff_page_measurement(label: str, paths: list[str], user, seconds=None) -> Measurement:
    """``paths`` for a signed-in ``user`` on one ``egov serve``, against ``/healthz`` (before and after)."""
    headers = session_headers(user)
    with served() as server:
        before = server.measure(["/healthz"], seconds=seconds)
        result = server.measure(paths, seconds=seconds, headers=headers)
        healthz = mean_of(before, server.measure(["/healthz"], seconds=seconds))
    return versus_healthz(result, healthz, label)


def mean_of(a: LoadResult, b: LoadResult) -> LoadResult:
    """Two runs of the same URL as one (rates from the totals, latencies and CPU averaged)."""
    return LoadResult(
        requests=a.requests + b.requests,
        seconds=a.seconds + b.seconds,
        p50_ms=(a.p50_ms + b.p50_ms) / 2,
        p95_ms=(a.p95_ms + b.p95_ms) / 2,
        p99_ms=(a.p99_ms + b.p99_ms) / 2,
        bad_status=a.bad_status + b.bad_status,
        socket_errors=a.socket_errors + b.socket_errors,
        cpu_ms=(a.cpu_ms + b.cpu_ms) / 2 if a.cpu_ms is not None and b.cpu_ms is not None else None,
    )


class Worker:
    """One ``egov worker`` process (its own process group), for the mixed and fault scenarios."""

    def __init__(self, env: dict[str, str], log: Path, worker_id: str):
        self.env, self.log, self.worker_id = env, log, worker_id
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        argv = [sys.executable, "-m", "egov", "worker", f"--worker-id={self.worker_id}", "--interval=0.2"]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                argv, env={**os.environ, **self.env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass(frozen=True)
class PageStats:
    name: str
    requests: int
    failures: int
    rate: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    def brief(self) -> str:
        text = f"{self.rate:,.1f} req/s p50 {self.p50_ms:.0f} p95 {self.p95_ms:.0f} p99 {self.p99_ms:.0f} ms"
        return text + f", {self.requests} requests, {self.failures} errors"


def locust(locustfile: Path, hosts: list[str], *, users: int, seconds: float, env: dict[str, str], workdir: Path):
    """Run locust headless in its own process against ``hosts`` (users spread over them); returns
    ``(pages, failures)``: ``PageStats`` per request name (``Aggregated`` included) and the failure rows."""
    import csv

    if shutil.which("locust") is None and not (Path(sys.executable).parent / "locust").exists():
        raise RuntimeError("locust is not installed (pip install -e '.[bench]')")
    command = shutil.which("locust") or str(Path(sys.executable).parent / "locust")
    processes = []
    for n, host in enumerate(hosts):
        prefix = workdir / f"locust{n}"
        argv = [command, "-f", str(locustfile), "--headless", f"--users={max(1, users // len(hosts))}"]
        argv += [f"--spawn-rate={max(1, users // 5)}", f"--run-time={max(1, round(seconds))}s", f"--host={host}"]
        argv += [f"--csv={prefix}", "--only-summary", "--stop-timeout=10", "--exit-code-on-error=0"]
        with open(workdir / f"locust{n}.log", "ab") as out:
            processes.append(
                subprocess.Popen(argv, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
            )
    for process in processes:
        process.wait(timeout=seconds + 120)
    pages: dict[str, list[dict]] = {}
    failures: list[dict] = []
    for n in range(len(hosts)):
        with open(workdir / f"locust{n}_stats.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                pages.setdefault(row["Name"], []).append(row)
        with open(workdir / f"locust{n}_failures.csv", encoding="utf-8") as f:
            failures.extend(csv.DictReader(f))
    return [_merge(name, rows) for name, rows in pages.items()], failures


def _merge(name: str, rows: list[dict]) -> PageStats:
    """One page's figures over several locust runs (rates add up; percentiles: the worst run's)."""

    def num(row, key):
        value = row.get(key) or "0"
        return float(value) if value != "N/A" else 0.0

    return PageStats(
        name=name,
        requests=sum(int(num(r, "Request Count")) for r in rows),
        failures=sum(int(num(r, "Failure Count")) for r in rows),
        rate=sum(num(r, "Requests/s") for r in rows),
        p50_ms=max(num(r, "50%") for r in rows),
        p95_ms=max(num(r, "95%") for r in rows),
        p99_ms=max(num(r, "99%") for r in rows),
    )


_NGINX_CONF = """
worker_processes 1;
daemon off;
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %(dir)s/body;
  proxy_temp_path %(dir)s/proxy;
  fastcgi_temp_path %(dir)s/fastcgi;
  uwsgi_temp_path %(dir)s/uwsgi;
  scgi_temp_path %(dir)s/scgi;
  upstream egov {
%(servers)s
  }
  server {
    listen 127.0.0.1:%(port)d;
    client_max_body_size 25m;
    location / {
      proxy_pass http://egov;
      proxy_set_header Host $http_host;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout;
      proxy_buffering off;
    }
  }
}
"""


def nginx_available() -> bool:
    return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


@contextmanager
def balancer(ports: list[int]):
    """nginx on a free loopback port in front of ``ports`` (as deploy/nginx does: passive checks,
    ``proxy_next_upstream error``); yields its base URL."""
    command = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory(prefix="egov-nginx-") as tmp:
        os.chmod(tmp, 0o755)  # noqa: S103 - nginx's workers (nobody) read and write their temp folders here
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.mkdir(Path(tmp) / name)
            os.chmod(Path(tmp) / name, 0o777)  # noqa: S103
        port = _free_port()
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(_NGINX_CONF % {"dir": tmp, "servers": servers, "port": port})
        process = subprocess.Popen(  # noqa: S603
            [command, "-p", tmp, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=5):  # noqa: S310 - loopback
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"nginx did not start: {(Path(tmp) / 'error.log').read_text()}") from None
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)
