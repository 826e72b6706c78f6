import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from dossiers.factories import DossierFactory
from egov.attachments.services import store_upload
from egov.dossiers.models import DossierResult
from egov.signatures import services
from egov.signatures.handlers import sign_approved_results
from egov.signatures.pdfgen import sample_pdf
from signatures.factories import agency_certificate

pytestmark = pytest.mark.django_db


class Event:
    def __init__(self, dossier_id):
        self.aggregate_id = str(dossier_id)
        self.topic = "dossier.approve"


def test_approved_result_is_signed_by_the_handling_agency():
    certificate = agency_certificate()
    dossier = DossierFactory(receiving_agency=certificate.agency, handling_agency=certificate.agency)
    attachment = store_upload(ContentFile(sample_pdf(1), name="kq.pdf"), agency=certificate.agency)
    result = DossierResult.objects.create(
        dossier=dossier,
        number=1,
        code=f"{dossier.code}-KQ1",
        title="Giấy phép",
        attachment=attachment,
        issued_at=timezone.now(),
    )
    sign_approved_results(Event(dossier.pk))
    result.refresh_from_db()
    with result.attachment.file.open("rb") as fh:
        [report] = services.verify_pdf(fh.read())
    assert report.valid and report.signer == certificate.agency.name


def test_result_without_certificate_stays_unsigned():
    dossier = DossierFactory()
    attachment = store_upload(ContentFile(sample_pdf(1), name="kq.pdf"), agency=dossier.handling_agency)
    result = DossierResult.objects.create(
        dossier=dossier,
        number=1,
        code=f"{dossier.code}-KQ1",
        title="Giấy phép",
        attachment=attachment,
        issued_at=timezone.now(),
    )
    sign_approved_results(Event(dossier.pk))
    result.refresh_from_db()
    assert result.attachment == attachment
