"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) against ``live_server``.

The ``page`` fixture (tests/conftest.py) is a fresh tab of one Chromium shared by the whole session;
``axe_violations(page)`` runs axe-core (bundled by axe-playwright-python) on the page and returns the serious
and critical violations. Browser tests skip where Chromium or Playwright is missing, so a SQLite-only
machine still passes; CI installs both. Mark them ``pytest.mark.django_db(transaction=True)``.
"""

import os
import threading
from pathlib import Path

CHROMIUM = Path(os.environ.get("EGOV_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the WCAG 2.1 A and AA rules on the current page whose impact is in ``impacts``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


def in_thread(func, *args, **kwargs):
    """``func(*args, **kwargs)`` in a thread of its own: Playwright's event loop runs in the test's thread, and
    pyHanko (signing, verifying) starts its own with asyncio. The thread's database connection is closed."""
    from django.db import connection

    outcome = {}

    def work():
        try:
            outcome["value"] = func(*args, **kwargs)
        except Exception as exc:  # pragma: no cover - re-raised below
            outcome["error"] = exc
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
