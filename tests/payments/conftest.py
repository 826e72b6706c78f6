import pytest

from egov.payments import services

from .factories import awaiting_payment


@pytest.fixture
def citizen(db):
    from factories import UserFactory

    return UserFactory(username="congdan-tt")


@pytest.fixture
def dossier(citizen):
    return awaiting_payment(citizen)


@pytest.fixture
def started(dossier, citizen):
    return services.start_payment(dossier, user=citizen, return_url="http://testserver/ho-so-cua-toi/1/")


@pytest.fixture
def recorded(monkeypatch):
    """A stand-in for dossiers.services.record_online_payment (proposed to the lead); records its calls."""
    calls = []

    def fake(dossier, *, reference, amount, now=None):
        calls.append((dossier.pk, reference, amount))
        type(dossier).objects.filter(pk=dossier.pk).update(fee_paid=True)
        return dossier

    monkeypatch.setattr("egov.dossiers.services.record_online_payment", fake, raising=False)
    return calls
