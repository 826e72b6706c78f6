"""Files of documents follow the document: the recipient of an internal send opens them, secrecy binds everyone,
and reading a secret document's file is written to the security log (issue 14, items 1 and 2)."""

import pytest

from egov.audit.models import SecurityEvent
from egov.audit.security import SECRET_DOWNLOAD
from egov.documents.models import IncomingDocument, Secrecy

from .test_outgoing import _issued

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    """The streamed bytes; the test client closes the response (and the file) at the end of the stream."""
    return b"".join(response.streaming_content)


def test_recipient_opens_the_file_of_a_document_sent_inside_the_platform(world, client):
    doc = _issued(world)
    copy = IncomingDocument.objects.get(origin=doc, agency=world.b.agency)
    [attachment] = copy.attachments.all()
    assert attachment.agency == world.a.agency  # the file still names the sender's agency
    client.force_login(world.b.clerk)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF")
    client.force_login(world.c.clerk)  # C was a recipient too
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(world.b.spec1)  # B's specialist is not assigned the copy
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_secret_document_files_need_the_documents_clearance_and_their_reading_is_audited(world, client):
    doc = _issued(world)
    doc.secrecy = Secrecy.SECRET
    doc.save(update_fields=["secrecy"])
    [attachment] = doc.attachments.all()
    IncomingDocument.objects.filter(origin=doc).update(secrecy=Secrecy.SECRET)
    client.force_login(world.a.clerk)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert not SecurityEvent.objects.filter(event=SECRET_DOWNLOAD).exists()
    world.clear(world.a.clerk, Secrecy.SECRET)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    body(response)
    [event] = SecurityEvent.objects.filter(event=SECRET_DOWNLOAD)
    assert event.user_id == world.a.clerk.pk and event.agency_id == world.a.agency.pk
    assert event.object_type == "documents.outgoingdocument" and event.object_id == str(doc.pk)
    assert event.details["file_id"] == attachment.pk


def test_reading_a_normal_documents_file_is_not_audited(world, client):
    doc = _issued(world)
    [attachment] = doc.attachments.all()
    client.force_login(world.a.clerk)
    body(client.get(attachment.get_absolute_url()))
    assert not SecurityEvent.objects.filter(event=SECRET_DOWNLOAD).exists()
