import pytest

from factories import AgencyFactory


@pytest.fixture
def agencies(db):
    """Two agencies with fixed codes: a Sở and a commune's people's committee."""
    return [
        AgencyFactory(code="000.00.05.H97", name="Sở Xây dựng"),
        AgencyFactory(code="000.00.31.H97", name="Ủy ban nhân dân xã Thử"),
    ]
