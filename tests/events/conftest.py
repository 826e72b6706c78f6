import pytest

from egov.events.registry import registry


@pytest.fixture
def handlers():
    """The handler registry, emptied of the apps' own handlers (a test counts deliveries to its handlers only);
    everything is restored afterwards."""
    saved = dict(registry._handlers)
    registry._handlers.clear()
    yield registry
    registry._handlers.clear()
    registry._handlers.update(saved)
