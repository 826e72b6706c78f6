import pytest
from django.test import Client

from documents.factories import DocumentWorld
from egov.events.dispatcher import deliver_due
from egov.exchange import signing
from egov.exchange.models import ExternalAgency
from egov.exchange.transports import TransportError, register_transport

SECRET = "khoa-bi-mat-dung-chung-cho-thu-nghiem"


class Loopback:
    """A peer transport that posts to this very installation through the test client (one database plays
    both sides: sender agency A, recipient agency B, each registered as the other's external agency)."""

    name = "loopback"
    fail = False

    def send(self, message, body):
        if Loopback.fail:
            raise TransportError("máy chủ bên nhận không trả lời (giả lập)")
        signed = signing.sign(message.peer.shared_secret, message.local_agency.code, message.key, body)
        response = Client().post(
            "/api/v1/exchange/inbox/", data=body, content_type="application/xml", headers=signed.as_dict()
        )
        if response.status_code >= 300:
            raise TransportError(f"HTTP {response.status_code}: {response.content[:300]!r}")


register_transport("loopback", Loopback)


@pytest.fixture
def world(db):
    world = DocumentWorld()
    world.peer_b = ExternalAgency.objects.create(
        organ_id=world.b.agency.code, name=world.b.agency.name, transport="loopback", shared_secret=SECRET
    )
    world.peer_a = ExternalAgency.objects.create(
        organ_id=world.a.agency.code, name=world.a.agency.name, transport="loopback", shared_secret=SECRET
    )
    Loopback.fail = False
    yield world
    Loopback.fail = False


def run_events() -> int:
    """Deliver events until none is due (handlers publish further events)."""
    total = 0
    while count := deliver_due():
        total += count
    return total
