"""Downloads through nginx (issue 16): with EGOV_ACCEL_REDIRECT_PREFIX and files on the local disk, Django checks
the permission and answers with an empty body and ``X-Accel-Redirect``; nginx sends the file (deploy/nginx)."""

import pytest
from django.urls import reverse

from attachments.sample_files import pdf_bytes, upload
from egov.attachments.services import store_upload
from factories import AgencyFactory, UserFactory

from .test_attachments_active_content import pdf_with
from .test_attachments_download import clerk_of, document_holding

pytestmark = [pytest.mark.django_db, pytest.mark.urls("attachments.urls")]


@pytest.fixture
def accel(settings):
    settings.ACCEL_REDIRECT_PREFIX = "/_protected/"


@pytest.fixture
def agency_file():
    agency = AgencyFactory()
    attachment = store_upload(upload("Quyết định số 15.pdf", pdf_bytes()), agency=agency)
    document_holding(attachment, agency)
    return agency, attachment


def test_nginx_sends_the_file_after_django_checked_the_permission(client, accel, agency_file):
    agency, attachment = agency_file
    client.force_login(clerk_of(agency))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{attachment.file.name}"
    assert attachment.file.name.startswith("attachments/") and ".." not in attachment.file.name
    assert response.content == b""  # no body: nginx reads the file from its internal location
    assert not response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    viewed = client.get(attachment.get_view_url())
    assert viewed["Content-Disposition"].startswith("inline;") and viewed["X-Frame-Options"] == "SAMEORIGIN"


def test_a_file_with_active_content_keeps_its_sandbox(client, accel):
    agency = AgencyFactory()
    attachment = store_upload(upload("kịch bản.pdf", pdf_with(js="app.alert(1)")), agency=agency)
    document_holding(attachment, agency)
    client.force_login(clerk_of(agency))
    response = client.get(attachment.get_view_url())
    assert response["X-Accel-Redirect"] and response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"].startswith("attachment;")  # never inline


def test_no_header_before_the_permission_check(client, accel, agency_file):
    agency, attachment = agency_file
    url = attachment.get_absolute_url()
    for user in (None, clerk_of(AgencyFactory())):  # anonymous, another agency: 404, nothing for nginx
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404 and "X-Accel-Redirect" not in response
    client.force_login(UserFactory())  # a citizen on a staff download view: 403, nothing for nginx
    response = client.get(reverse("dossiers:file", args=[1, attachment.pk]))
    assert response.status_code == 403 and "X-Accel-Redirect" not in response


def test_without_the_setting_or_off_the_local_disk_django_sends_the_bytes(client, settings, agency_file):
    agency, attachment = agency_file
    client.force_login(clerk_of(agency))
    response = client.get(attachment.get_absolute_url())
    assert "X-Accel-Redirect" not in response and b"".join(response.streaming_content).startswith(b"%PDF")

    settings.ACCEL_REDIRECT_PREFIX = "/_protected/"
    from django.core.files.storage import Storage

    class ObjectStore(Storage):  # not FileSystemStorage: S3 and the like
        pass

    from egov.attachments.responses import accel_redirect_response

    attachment.file.storage = ObjectStore()
    assert accel_redirect_response(attachment, inline=False) is None
