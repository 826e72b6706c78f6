import pytest

from .factories import DocumentWorld


@pytest.fixture
def world(db):
    return DocumentWorld()
