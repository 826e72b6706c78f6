import pytest
from django.conf import settings
from django.core.cache import caches

from .helpers import CmsWorld


@pytest.fixture(autouse=True)
def _empty_portal_cache():
    """The portal cache outlives a test's database rollback: start and end each test with it empty."""
    caches[settings.CMS_CACHE_ALIAS].clear()
    yield
    caches[settings.CMS_CACHE_ALIAS].clear()


@pytest.fixture
def world(db):
    return CmsWorld()


BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def browser_client(client):
    """An anonymous client that looks like a browser (the view counter ignores bots and scripts)."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    return client
