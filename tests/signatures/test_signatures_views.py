import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.signatures import services
from egov.signatures.pdfgen import sample_pdf
from factories import StaffUserFactory, UserFactory
from signatures.factories import official_certificate

pytestmark = pytest.mark.django_db


def signed_pdf(text="Hello") -> bytes:
    certificate = official_certificate()
    return services.sign_pdf(sample_pdf(text=text), certificate=certificate, reason="Ký")


def upload(data: bytes, name="van-ban.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_verify_page_shows_the_report(client):
    client.force_login(StaffUserFactory())
    data = signed_pdf()

    page = client.get(reverse("signatures:verify"))
    assert page.status_code == 200
    response = client.post(reverse("signatures:verify"), {"file": upload(data)})

    assert response.status_code == 200
    assert "Hợp lệ" in response.content.decode()
    assert "Nguyễn Văn Thử" in response.content.decode()


def test_verify_page_reports_a_modified_document_and_refuses_non_pdf(client):
    client.force_login(StaffUserFactory())

    response = client.post(reverse("signatures:verify"), {"file": upload(signed_pdf().replace(b"Hello", b"Jello"))})
    assert "Tài liệu đã bị sửa sau khi ký" in response.content.decode()

    response = client.post(reverse("signatures:verify"), {"file": upload(b"hello", "a.pdf")})
    assert "Tệp không phải là tệp PDF." in response.content.decode()


def test_verify_page_is_for_staff_only(client):
    assert client.get(reverse("signatures:verify")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("signatures:verify")).status_code == 403


@pytest.mark.urls("signatures.urls")
def test_api_verify_returns_one_entry_per_signature(client):
    client.force_login(StaffUserFactory())

    response = client.post("/api/v1/signatures/verify/", {"file": upload(signed_pdf())})

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    [entry] = body["signatures"]
    assert entry["valid"] and entry["intact"] and entry["trusted"] and entry["signer"].startswith("Nguyễn Văn Thử")


@pytest.mark.urls("signatures.urls")
def test_api_verify_refuses_citizens_and_bad_files(client):
    client.force_login(UserFactory())
    assert client.post("/api/v1/signatures/verify/", {"file": upload(b"%PDF-")}).status_code == 403
    client.force_login(StaffUserFactory())
    response = client.post("/api/v1/signatures/verify/", {"file": upload(b"junk")})
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
