import pytest

from .factories import TaskWorld


@pytest.fixture
def world(db):
    return TaskWorld()
