import pytest

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Users made by the factories get a password; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at once, in the test's process."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are only recorded (``task_backends["default"].results``), never run."""
    settings.TASKS = DUMMY
