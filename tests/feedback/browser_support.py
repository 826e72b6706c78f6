"""Browser fixtures for accessibility tests outside tests/browser/.

The lead's ``tests/browser/conftest.py`` launches Chromium once per session, but its fixtures are only
visible under tests/browser/, and Playwright's sync API cannot run twice at once in one thread. So this
module-scoped ``_browser`` reuses the session's browser when one is already running (tests/browser ran
first), and otherwise launches its own for the module and closes it afterwards.
"""

import gc
import os

import pytest

from browser.conftest import CHROMIUM, CHROMIUM_ARGS


def _running_browser():
    from playwright.sync_api import Browser

    return next((o for o in gc.get_objects() if isinstance(o, Browser) and o.is_connected()), None)


@pytest.fixture(scope="module")
def _browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    existing = _running_browser()
    if existing is not None:
        yield existing
        return
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    context = _browser.new_context(base_url=live_server.url, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
