import pytest

from .factories import OneStopWorld


@pytest.fixture
def world(db):
    return OneStopWorld()


@pytest.fixture
def staff_client(client):
    """``staff_client(user)``: the test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
