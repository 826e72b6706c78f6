import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from dossiers.factories import DossierFactory
from egov.attachments.services import store_upload
from egov.core.benchmarking import BenchContext
from egov.dossiers.models import DossierResult
from egov.signatures import bench, services
from egov.signatures.pdfgen import sample_pdf
from signatures.factories import agency_certificate, official_certificate

pytestmark = pytest.mark.django_db


def make_result(agency, data: bytes | None):
    dossier = DossierFactory(receiving_agency=agency)
    attachment = store_upload(ContentFile(data, name="ket-qua.pdf"), agency=agency) if data else None
    return DossierResult.objects.create(
        dossier=dossier,
        number=1,
        code=f"{dossier.code}-KQ1",
        title="Giấy phép",
        attachment=attachment,
        issued_at=timezone.now(),
    )


def test_sign_dossier_result_replaces_the_attachment_with_the_agency_signed_pdf():
    certificate = agency_certificate()
    result = make_result(certificate.agency, sample_pdf(2))
    original = result.attachment

    services.sign_dossier_result(result, actor=None)

    result.refresh_from_db()
    assert result.attachment != original
    with result.attachment.file.open("rb") as fh:
        [report] = services.verify_pdf(fh.read())
    assert report.valid and report.signer == certificate.agency.name


def test_sign_dossier_result_needs_a_pdf():
    certificate = agency_certificate()
    with pytest.raises(ValidationError):
        services.sign_dossier_result(make_result(certificate.agency, None), actor=None)


def test_sign_pdf_bench_measures_both_sides():
    measurement = bench.sign_pdf(BenchContext(scale=0.01))
    assert measurement.measured > 0 and measurement.baseline > 0


def test_sign_issued_document_adds_personal_signature_then_seal_and_attachment_gets_stamp():
    person = official_certificate()
    agency_certificate(agency=person.official.agency)

    main = services.sign_issued_document(sample_pdf(), official=person.official)
    attachment = services.sign_attachment(sample_pdf(), agency=person.official.agency, notation="15/QĐ-STN")

    reports = services.verify_pdf(main)
    assert [r.field_name.split("_")[1] for r in reports] == ["signature", "seal"]
    assert [r.signer for r in reports] == [person.official.full_name, person.official.agency.name]
    assert all(r.valid for r in reports)
    [stamp] = services.verify_pdf(attachment)
    assert stamp.valid and stamp.field_name.startswith("ChuKySo_stamp")
