import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from egov.signatures import services
from egov.signatures.pdfgen import sample_pdf
from signatures.factories import agency_certificate, expired_certificate, official_certificate

pytestmark = pytest.mark.django_db


def sign_person_then_organisation(pdf: bytes) -> tuple[bytes, object, object]:
    person = official_certificate()
    organisation = agency_certificate()
    once = services.sign_pdf(
        pdf,
        certificate=person,
        reason="Ký ban hành",
        appearance=services.Appearance("signature", title="Giám đốc", name=person.official.full_name),
    )
    twice = services.sign_pdf(
        once,
        certificate=organisation,
        reason="Ký số của cơ quan",
        location="Tỉnh An Khánh",
        appearance=services.Appearance("seal", name=organisation.agency.name),
    )
    return twice, person, organisation


def test_person_then_organisation_signatures_both_verify():
    signed, person, organisation = sign_person_then_organisation(sample_pdf(2))

    reports = services.verify_pdf(signed)

    assert [r.signer for r in reports] == [person.official.full_name, organisation.agency.name]
    assert reports[1].organisation == organisation.agency.name
    for report in reports:
        assert report.valid and report.intact and report.trusted and not report.modified
        assert abs(report.signed_at - timezone.now()) < dt.timedelta(minutes=1)


def test_changing_one_byte_breaks_verification():
    signed, _person, _organisation = sign_person_then_organisation(sample_pdf(1, text="Hello"))
    assert signed.count(b"Hello") == 1

    reports = services.verify_pdf(signed.replace(b"Hello", b"Jello"))

    assert reports and not any(r.valid for r in reports)
    assert all(r.modified for r in reports)


def test_unsigned_pdf_has_no_reports():
    assert services.verify_pdf(sample_pdf()) == []


def test_not_a_pdf_is_refused():
    with pytest.raises(ValidationError):
        services.verify_pdf(b"not a pdf")
    with pytest.raises(ValidationError) as excinfo:
        services.sign_pdf(b"not a pdf", certificate=official_certificate(), reason="x")
    assert "PDF" in excinfo.value.messages[0]


def test_expired_certificate_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as excinfo:
        services.sign_pdf(sample_pdf(), certificate=expired_certificate(), reason="Ký")
    assert excinfo.value.code == "certificate_expired"
    assert "đã hết hiệu lực" in excinfo.value.messages[0]


def test_revoked_certificate_is_refused_with_a_clear_message():
    certificate = official_certificate()
    signed = services.sign_pdf(sample_pdf(), certificate=certificate, reason="Ký")
    services.revoke_certificate(certificate, actor=None)

    with pytest.raises(ValidationError) as excinfo:
        services.sign_pdf(sample_pdf(), certificate=certificate, reason="Ký")
    assert excinfo.value.code == "certificate_revoked"
    assert "đã bị thu hồi" in excinfo.value.messages[0]
    # Signed before the revocation: still valid.
    assert services.verify_pdf(signed)[0].valid


def test_signature_made_after_a_backdated_revocation_is_flagged():
    certificate = official_certificate()
    signed = services.sign_pdf(sample_pdf(), certificate=certificate, reason="Ký")
    services.revoke_certificate(certificate, actor=None, at=timezone.now() - dt.timedelta(hours=1))

    [report] = services.verify_pdf(signed)

    assert report.revoked and not report.valid and report.intact


def test_signature_by_an_untrusted_ca_is_valid_but_not_trusted(settings, tmp_path):
    signed = services.sign_pdf(sample_pdf(), certificate=official_certificate(), reason="Ký")
    settings.VAR_DIR = tmp_path  # another VAR_DIR: no demo CA, so no trust root

    [report] = services.verify_pdf(signed)

    assert report.valid and not report.trusted


def test_extra_trust_roots_are_read_from_the_configured_directory(settings, tmp_path):
    signed = services.sign_pdf(sample_pdf(), certificate=official_certificate(), reason="Ký")
    ca_pem = services.ca.load_or_create_ca().cert.public_bytes(services.serialization.Encoding.PEM)
    (tmp_path / "roots").mkdir()
    (tmp_path / "roots" / "gov-ca.pem").write_bytes(ca_pem)
    settings.SIGNATURES_TRUST_ROOTS_DIR = str(tmp_path / "roots")
    settings.VAR_DIR = tmp_path

    assert services.verify_pdf(signed)[0].trusted


def test_attachment_stamp_goes_top_right_of_page_one():
    certificate = agency_certificate()
    signed = services.sign_pdf(
        sample_pdf(3),
        certificate=certificate,
        reason="Ký số tệp đính kèm",
        appearance=services.Appearance("stamp", notation="15/QĐ-UBND"),
    )
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(signed))
    [embedded] = reader.embedded_signatures
    widget = embedded.sig_field
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert widget["/P"] == reader.root["/Pages"]["/Kids"][0]
    assert x2 > 595 - 40 and y2 > 842 - 40
    assert services.verify_pdf(signed)[0].valid


def test_certificate_for_returns_the_usable_certificate_or_explains():
    certificate = official_certificate()
    assert services.certificate_for(official=certificate.official) == certificate
    services.revoke_certificate(certificate)
    with pytest.raises(ValidationError) as excinfo:
        services.certificate_for(official=certificate.official)
    assert "chưa có chứng thư số còn hiệu lực" in excinfo.value.messages[0]
