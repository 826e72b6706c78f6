import pytest
from django.db import connection
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files written by a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for tests only


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
