"""Publishing an issued outgoing document on the portal in one step (button on the document's page)."""

import pytest
from django.urls import reverse

from documents.factories import DocumentWorld
from documents.test_outgoing import _issued, draft
from egov.audit.models import AuditRecord
from egov.cms import services
from egov.cms.models import LegalDocument
from egov.documents.models import Secrecy

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """The documents tests' province (three organisations with clerks, leaders, departments)."""
    return DocumentWorld()


def test_issued_document_is_published_in_one_step(world, client):
    document = _issued(world)
    client.force_login(world.a.clerk)
    page = client.get(reverse("documents:outgoing-detail", args=[document.pk])).content.decode()
    action = reverse("cms:publish-outgoing", args=[document.pk])
    assert action in page and "Đăng lên cổng thông tin" in page

    response = client.post(action, follow=True)
    legal = LegalDocument.objects.get(source_outgoing=document)
    assert legal.is_public and legal.number == document.notation and legal.subject == document.subject
    assert legal.issuing_authority == world.a.agency.name and legal.doc_type == document.document_type.name
    assert set(legal.attachments.all()) == set(document.attachments.all())
    assert "Đã đăng văn bản" in response.content.decode()
    assert AuditRecord.objects.filter(action="cms.legaldocument_published_from_outgoing").exists()
    assert action not in client.get(reverse("documents:outgoing-detail", args=[document.pk])).content.decode()
    assert document.notation in client.get(reverse("cms:legal-list")).content.decode()

    with pytest.raises(services.PortalError, match="đã được đăng"):
        services.publish_from_outgoing(document, world.a.clerk)


def test_drafts_secret_documents_and_other_roles_are_refused(world, client):
    for user in (world.a.spec1, world.a.head, world.a.leader, world.a.clerk):
        world.clear(user, Secrecy.SECRET)
    with pytest.raises(services.PortalError, match="đã ban hành"):
        services.publish_from_outgoing(draft(world), world.a.clerk)
    secret = _issued(world, secrecy=Secrecy.SECRET)
    with pytest.raises(services.PortalError, match="không mật"):
        services.publish_from_outgoing(secret, world.a.clerk)
    document = _issued(world)
    client.force_login(world.a.spec1)
    page = client.get(reverse("documents:outgoing-detail", args=[document.pk])).content.decode()
    assert reverse("cms:publish-outgoing", args=[document.pk]) not in page
    assert client.post(reverse("cms:publish-outgoing", args=[document.pk])).status_code == 403
    assert not LegalDocument.objects.exists()
