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


# --- the staff workspace, as the browser tests drive it --------------------------------------------------


def sign_in_staff(tab, username: str, password: str) -> None:
    """Sign in on the staff page with a fresh set of cookies."""
    tab.context.clear_cookies()
    tab.goto("/dang-nhap/")
    tab.get_by_label("Tên đăng nhập").fill(username)
    tab.get_by_label("Mật khẩu").fill(password)
    tab.get_by_role("button", name="Đăng nhập").click()
    tab.wait_for_url(lambda url: "/dang-nhap/" not in url)


def expect_success(tab) -> None:
    """Wait for the page's message; fail with its text when it is an error."""
    message = tab.locator(".messages .alert").first
    message.wait_for()
    assert message.get_attribute("role") == "status", message.inner_text()


def act(tab, dossier_pk: int, action: str, fields=None, files=None) -> None:
    """Take one action of the dossier transition table on the staff dossier page."""
    tab.goto(f"/mot-cua/ho-so/{dossier_pk}/")
    form = tab.locator(f"form[action$='/thao-tac/{action}/']")
    for label, value in (fields or {}).items():
        field = form.get_by_label(label).first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    for label, payload in (files or {}).items():
        form.get_by_label(label).first.set_input_files(payload)
    form.locator("button[type=submit]").click()
    expect_success(tab)
