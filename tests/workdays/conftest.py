import pytest

from egov.workdays import provider


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Each test starts and ends without a cached calendar (the cache lives across transactions)."""
    provider.clear_cache()
    yield
    provider.clear_cache()
