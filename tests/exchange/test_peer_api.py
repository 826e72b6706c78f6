"""The peer endpoint: signature, sender, replay window, nonces, hostile bodies, idempotency."""

import time

import pytest
from django.test import Client

from egov.documents.models import IncomingDocument
from egov.exchange import edxml, signing
from egov.exchange.models import ExchangeMessage

from .conftest import SECRET
from .edxml_samples import document

pytestmark = pytest.mark.django_db
URL = "/api/v1/exchange/inbox/"


def body_for(world, *, format="qcvn102", **overrides) -> bytes:
    message = document(**overrides)
    message.header.from_.organ_id = world.a.agency.code
    message.header.to = [edxml.Organization(organ_id=world.b.agency.code, organ_name="Sở Nội vụ")]
    message.attachments = []
    return edxml.build(message, format=format)


def post(body, *, secret=SECRET, organ_id=None, headers=None, world=None, now=None):
    signed = signing.sign(secret, organ_id or world.a.agency.code, "k", body, now=now)
    return Client().post(URL, data=body, content_type="application/xml", headers=headers or signed.as_dict())


def test_a_signed_document_arrives_once(world):
    body = body_for(world)
    first = post(body, world=world)
    assert first.status_code == 202 and first.json() == {"result": "accepted"}
    again = post(body, world=world)  # the same message re-sent (new nonce): not registered twice
    assert again.status_code == 200 and again.json() == {"result": "duplicate"}
    copy = IncomingDocument.objects.get(agency=world.b.agency)
    assert copy.status == "pending" and copy.issuer_code == world.a.agency.code and copy.notation == "01/QĐ-STP"
    assert ExchangeMessage.objects.filter(direction="in").count() == 1


def test_an_edoc_envelope_arrives_like_a_qcvn102_message(world):
    response = post(body_for(world, format="eDoc"), world=world)
    assert response.status_code == 202 and response.json() == {"result": "accepted"}
    copy = IncomingDocument.objects.get(agency=world.b.agency)
    assert copy.issuer_code == world.a.agency.code and copy.notation == "01/QĐ-STP"


def test_bad_signature_unknown_sender_and_missing_headers_are_refused(world):
    body = body_for(world)
    assert post(body, world=world, secret="wrong").status_code == 401
    assert post(body, world=world, organ_id="000.00.99.H97").status_code == 403
    assert Client().post(URL, data=body, content_type="application/xml").status_code == 403
    world.peer_a.is_active = False
    world.peer_a.save()
    assert post(body, world=world).status_code == 403
    assert not IncomingDocument.objects.exists()


def test_replay_and_stale_timestamps_are_refused(world):
    body = body_for(world)
    signed = signing.sign(SECRET, world.a.agency.code, "k", body)
    assert Client().post(URL, data=body, content_type="application/xml", headers=signed.as_dict()).status_code == 202
    replay = Client().post(URL, data=body, content_type="application/xml", headers=signed.as_dict())
    assert replay.status_code == 401 and "nonce" in replay.json()["error"]
    stale = post(body_for(world, document_id="X,2026/01/01,2"), world=world, now=time.time() - 3600)
    assert stale.status_code == 401 and "window" in stale.json()["error"]


def test_tampered_body_is_refused(world):
    body = body_for(world)
    signed = signing.sign(SECRET, world.a.agency.code, "k", body)
    tampered = body.replace(b"2026", b"2027", 1)
    response = Client().post(URL, data=tampered, content_type="application/xml", headers=signed.as_dict())
    assert response.status_code == 401


def test_sender_must_match_the_signed_agency(world):
    message = document()
    message.header.from_.organ_id = "000.00.00.G12"
    message.header.to = [edxml.Organization(organ_id=world.b.agency.code, organ_name="B")]
    response = post(edxml.build(message), world=world)  # From is the Bộ, the signature is Sở Tư pháp's
    assert response.status_code == 403 and "MessageHeader/From/OrganId" in response.json()["problems"][0]


def test_attachment_that_is_not_what_it_claims_is_refused(world):
    message = document()
    message.header.from_.organ_id = world.a.agency.code
    message.header.to = [edxml.Organization(organ_id=world.b.agency.code, organ_name="B")]
    message.attachments[0].data = b"MZ\x90\x00 not a pdf"
    response = post(edxml.build(message), world=world)
    assert response.status_code == 400 and response.json()["problems"][0].startswith("AttachmentEncoded: ")
    assert not IncomingDocument.objects.exists()


def test_invalid_and_hostile_bodies_are_refused_with_paths(world):
    from .test_edxml import LAUGHS, XXE

    for hostile in (XXE, LAUGHS):
        response = post(hostile, world=world)
        assert response.status_code == 400 and "DOCTYPE" in response.json()["problems"][0]
    message = document(subject="")
    message.header.from_.organ_id = world.a.agency.code
    response = post(_raw(message), world=world)
    assert (
        response.status_code == 400 and "MessageHeader/Subject: bắt buộc nhưng để trống" in response.json()["problems"]
    )
    assert not IncomingDocument.objects.exists()


def _raw(message) -> bytes:
    """The XML of a message that breaks the standard (``build`` would refuse it)."""
    subject = message.header.subject
    message.header.subject = "tạm"
    body = edxml.build(message)
    message.header.subject = subject
    return body.replace("<edXML:Subject>tạm</edXML:Subject>".encode(), b"")


def test_message_for_no_local_agency_is_refused(world):
    message = document()
    message.header.from_.organ_id = world.a.agency.code
    response = post(edxml.build(message), world=world)
    assert response.status_code == 404


def test_oversized_body_is_refused_before_reading(world, settings):
    settings.EXCHANGE_MAX_MESSAGE_BYTES = 100
    assert post(body_for(world), world=world).status_code == 413


def test_endpoint_must_be_https_except_loopback(settings):
    from egov.exchange.transports import TransportError, check_endpoint

    check_endpoint("https://egov.example.vn/api/v1/exchange/inbox/")
    check_endpoint("http://127.0.0.1:8000/api/v1/exchange/inbox/")
    with pytest.raises(TransportError, match="HTTPS"):
        check_endpoint("http://egov.example.vn/api/v1/exchange/inbox/")
    settings.EXCHANGE_ALLOW_HTTP = True
    check_endpoint("http://egov.example.vn/api/v1/exchange/inbox/")
