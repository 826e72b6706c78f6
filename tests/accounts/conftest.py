import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash passwords; the default hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _vietnamese():
    """Requests activate a language for the thread; start each test in Vietnamese and restore after."""
    from django.utils import translation

    with translation.override("vi"):
        yield
