"""``/tep/<token>/``: a file is read by whoever may read an object holding it, never by its agency alone."""

import pytest

from attachments.sample_files import image_bytes, pdf_bytes, upload
from egov.accounts.models import Role
from egov.attachments.access import can_read, owners_of
from egov.attachments.services import store_upload
from egov.documents.doctypes import ensure_document_types
from egov.documents.models import DocumentType, IncomingDocument, Secrecy, SecrecyClearance
from factories import AgencyFactory, OfficialFactory, StaffUserFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("attachments.urls")]


def clerk_of(agency):
    return StaffUserFactory(official=OfficialFactory(agency=agency), roles=[Role.CLERK])


def body(response) -> bytes:
    """The streamed bytes; the test client closes the response (and the file) at the end of the stream."""
    return b"".join(response.streaming_content)


def document_holding(attachment, agency, secrecy=Secrecy.NORMAL) -> IncomingDocument:
    ensure_document_types()
    document = IncomingDocument.objects.create(
        agency=agency,
        document_type=DocumentType.objects.first(),
        subject="Kế hoạch kiểm tra",
        issuer_name="Bộ Tư pháp",
        secrecy=secrecy,
    )
    document.attachments.add(attachment)
    return document


@pytest.fixture
def agency_file():
    agency = AgencyFactory()
    data = pdf_bytes()
    attachment = store_upload(upload("Quyết định số 15.pdf", data), agency=agency)
    document_holding(attachment, agency)
    return agency, data, attachment


def test_user_of_the_agency_downloads_the_file_of_its_document(client, agency_file):
    agency, data, attachment = agency_file
    client.force_login(clerk_of(agency))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" in response["Content-Disposition"]
    assert body(response) == data


def test_pdf_may_be_shown_inline(client, agency_file):
    agency, _, attachment = agency_file
    client.force_login(clerk_of(agency))
    response = client.get(attachment.get_view_url())
    assert response["Content-Disposition"].startswith("inline;")
    assert "Content-Security-Policy" not in response
    body(response)


def test_file_addresses_are_random_not_sequential(client, agency_file):
    agency, _, attachment = agency_file
    url = attachment.get_absolute_url()
    assert url == f"/tep/{attachment.token}/" and f"/{attachment.pk}/" not in url
    client.force_login(clerk_of(agency))
    assert client.get(f"/tep/{attachment.pk}/").status_code == 404


def test_user_of_another_agency_gets_404(client, agency_file):
    client.force_login(clerk_of(AgencyFactory()))
    assert client.get(agency_file[2].get_absolute_url()).status_code == 404


def test_anonymous_gets_404(client, agency_file):
    assert client.get(agency_file[2].get_absolute_url()).status_code == 404


def test_system_admin_downloads_a_normal_document_file(client, agency_file):
    client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
    response = client.get(agency_file[2].get_absolute_url())
    assert response.status_code == 200
    body(response)


def test_no_role_reads_a_secret_documents_file_without_clearance(client):
    """Was ``test_system_admin_downloads_any_file``, which asserted the hole (issue 14, item 1)."""
    agency = AgencyFactory()
    attachment = store_upload(upload("mat.pdf", pdf_bytes()), agency=agency)
    document_holding(attachment, agency, secrecy=Secrecy.SECRET)
    admin = StaffUserFactory(roles=[Role.SYSTEM_ADMIN])
    superuser = StaffUserFactory(is_superuser=True)
    clerk = clerk_of(agency)
    for user in (admin, superuser, clerk):
        client.force_login(user)
        assert client.get(attachment.get_absolute_url()).status_code == 404, user
    SecrecyClearance.objects.create(user=clerk, max_level=Secrecy.SECRET)
    client.force_login(clerk)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    body(response)


def test_the_files_agency_alone_grants_nothing(client):
    """A file nothing holds yet is its uploader's only, even for the staff of the agency written on it."""
    agency = AgencyFactory()
    uploader = clerk_of(agency)
    attachment = store_upload(upload("nhap.pdf", pdf_bytes()), agency=agency, uploaded_by=uploader)
    assert owners_of(attachment) == []
    client.force_login(clerk_of(agency))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(uploader)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    body(response)


def test_uploader_loses_the_file_to_its_owner_once_held(client):
    """Once a secret document holds it, the uploader reads the file only with the document's clearance."""
    agency = AgencyFactory()
    uploader = clerk_of(agency)
    attachment = store_upload(upload("mat.pdf", pdf_bytes()), agency=agency, uploaded_by=uploader)
    assert can_read(uploader, attachment)
    document_holding(attachment, agency, secrecy=Secrecy.TOP_SECRET)
    assert not can_read(uploader, attachment)


def test_uploader_downloads_own_file_and_others_do_not(client):
    citizen = UserFactory()
    attachment = store_upload(upload("cccd", image_bytes("JPEG")), uploaded_by=citizen)
    url = attachment.get_absolute_url()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert 'filename="cccd.jpg"' in response["Content-Disposition"]
    body(response)
