import pytest
from django.db import connection
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files written by a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for tests only


@pytest.fixture(autouse=True)
def _empty_caches():
    """Caches (the portal's whole-page cache is on disk) outlive a test's rollback: each test starts empty."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _fresh_workdays_calendar():
    from egov.workdays.provider import clear_cache

    clear_cache()


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in Vietnamese, whatever language an earlier request switched to."""
    with translation.override("vi"):
        yield


# --- Browser tests (see browser_tools.py) ------------------------------------------------------------------


@pytest.fixture(scope="session")
def _browser():
    """One headless Chromium for the session: Playwright's sync API cannot run twice at once in one thread."""
    import os

    from browser_tools import CHROMIUM, CHROMIUM_ARGS

    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still
    # synchronous, so Django's async-safety guard must be told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh tab (own cookies) on the test server, in Vietnamese."""
    context = _browser.new_context(base_url=live_server.url, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
