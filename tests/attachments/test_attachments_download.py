import pytest
from django.urls import reverse
from sample_files import image_bytes, pdf_bytes, upload

from egov.accounts.models import Role
from egov.attachments.services import store_upload
from factories import AgencyFactory, OfficialFactory, StaffUserFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("attachments_test_urls")]


def clerk_of(agency):
    return StaffUserFactory(official=OfficialFactory(agency=agency), roles=[Role.CLERK])


def body(response) -> bytes:
    data = b"".join(response.streaming_content)
    response.close()
    return data


@pytest.fixture
def agency_file():
    agency = AgencyFactory()
    data = pdf_bytes()
    return agency, data, store_upload(upload("Quyết định số 15.pdf", data), agency=agency)


def test_user_of_the_agency_downloads_the_file(client, agency_file):
    agency, data, attachment = agency_file
    client.force_login(clerk_of(agency))
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" in response["Content-Disposition"]
    assert body(response) == data


def test_pdf_may_be_shown_inline(client, agency_file):
    agency, _, attachment = agency_file
    client.force_login(clerk_of(agency))
    response = client.get(reverse("attachments:download", args=[attachment.pk]) + "?xem=1")
    assert response["Content-Disposition"].startswith("inline;")
    body(response)


def test_user_of_another_agency_gets_404(client, agency_file):
    _, _, attachment = agency_file
    client.force_login(clerk_of(AgencyFactory()))
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404


def test_anonymous_gets_404(client, agency_file):
    assert client.get(reverse("attachments:download", args=[agency_file[2].pk])).status_code == 404


def test_system_admin_downloads_any_file(client, agency_file):
    client.force_login(StaffUserFactory(roles=[Role.SYSTEM_ADMIN]))
    response = client.get(reverse("attachments:download", args=[agency_file[2].pk]))
    assert response.status_code == 200
    body(response)


def test_uploader_downloads_own_file_and_others_do_not(client):
    citizen = UserFactory()
    attachment = store_upload(upload("cccd", image_bytes("JPEG")), uploaded_by=citizen)
    url = reverse("attachments:download", args=[attachment.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert 'filename="cccd.jpg"' in response["Content-Disposition"]
    body(response)
