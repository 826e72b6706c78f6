import pytest

from egov.events.registry import registry


@pytest.fixture
def handlers():
    """The handler registry; handlers a test registers are removed afterwards."""
    saved = dict(registry._handlers)
    yield registry
    registry._handlers.clear()
    registry._handlers.update(saved)
