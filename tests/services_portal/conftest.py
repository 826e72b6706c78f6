import pytest

from .portal_factories import PortalWorld


@pytest.fixture
def world(db):
    return PortalWorld()


@pytest.fixture
def citizen_client(client, world):
    client.force_login(world.citizen)
    return client
