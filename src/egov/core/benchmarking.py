"""The benchmark harness behind ``egov bench``.

An app registers scenarios in its ``bench.py`` module::

    @scenario("audit-append", unit="records/s", baseline="bare ORM insert")
    def audit_append(ctx: BenchContext) -> Measurement:
        ...
        return Measurement(measured=..., baseline=...)

A scenario may also return a list of measurements, each with a ``label``. The HTTP scenarios run against
``egov serve`` in its own process, driven by wrk (``egov.core.loadtest``).

Each scenario measures the feature and its baseline in the same run, on data it seeds itself into the
throw-away database the command creates; ``ratio = measured / baseline`` for rates (higher is better)
and ``baseline / measured`` for durations, so that a ratio below 1 always means "slower than the bare
baseline".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.apps import apps


@dataclass(frozen=True)
class Measurement:
    measured: float
    baseline: float
    note: str = ""
    label: str = ""  # a scenario returning several measurements names each (the scenario's name otherwise)


@dataclass
class BenchContext:
    """What a scenario may use: the size factor (``--scale``) and a timer."""

    scale: float = 1.0
    extra: dict = field(default_factory=dict)

    def n(self, count: int) -> int:
        return max(1, int(count * self.scale))

    @staticmethod
    def timed(fn: Callable[[], object]) -> float:
        """Seconds taken by ``fn()`` (perf_counter)."""
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started


@dataclass(frozen=True)
class Scenario:
    name: str
    func: Callable[[BenchContext], Measurement]
    unit: str
    baseline: str
    higher_is_better: bool
    description: str

    def ratio(self, m: Measurement) -> float:
        if not m.baseline or not m.measured:
            return 0.0
        return m.measured / m.baseline if self.higher_is_better else m.baseline / m.measured


_registry: dict[str, Scenario] = {}


def scenario(name: str, *, unit: str, baseline: str, higher_is_better: bool = True):
    """Register a benchmark scenario (see the module docstring)."""

    def decorator(func):
        _registry[name] = Scenario(
            name=name,
            func=func,
            unit=unit,
            baseline=baseline,
            higher_is_better=higher_is_better,
            description=(func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else "",
        )
        return func

    return decorator


def discover() -> dict[str, Scenario]:
    """Import every installed egov app's ``bench`` module and return the registry."""
    for config in apps.get_app_configs():
        if config.name.startswith("egov."):
            try:
                import_module(f"{config.name}.bench")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.bench":
                    raise
    return dict(sorted(_registry.items()))


def format_line(sc: Scenario, m: Measurement) -> str:
    return (
        f"{m.label or sc.name:<22} {m.measured:>12,.1f} {sc.unit:<12} baseline {m.baseline:>12,.1f} "
        f"({sc.baseline})  ratio {sc.ratio(m):.3f}" + (f"  [{m.note}]" if m.note else "")
    )


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def loopback_server():
    """The whole Django stack on a threaded WSGI server at an ephemeral 127.0.0.1 port; yields its base URL."""
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
