"""Benchmark ``egov bench sign-pdf``: visible PAdES signatures per second on a generated 10-page PDF.

Measured: ``services.sign_pdf`` with a personal signature appearance (certificate checks, PKCS#12 opened per
signature, Pillow image, incremental update). Baseline: pyHanko signing the same file, invisible, with the
signer loaded once.
"""

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from egov.agencies.models import AdministrativeUnit, Agency, Official, Position
from egov.core.benchmarking import BenchContext, Measurement, scenario

from . import services
from .pdfgen import sample_pdf
from .signers import signer_for


def _official() -> Official:
    unit, _created = AdministrativeUnit.objects.get_or_create(
        code="98", defaults={"name": "Tỉnh Đo Hiệu Năng", "level": AdministrativeUnit.Level.PROVINCE}
    )
    agency, _created = Agency.objects.get_or_create(
        code="000.00.00.H98",
        defaults={
            "name": "Sở Đo Hiệu Năng",
            "abbreviation": "SDHN",
            "kind": "provincial_department",
            "administrative_unit": unit,
        },
    )
    position, _created = Position.objects.get_or_create(name="Giám đốc", defaults={"rank": 30, "is_leader": True})
    official, _created = Official.objects.get_or_create(
        full_name="Nguyễn Văn Đo", agency=agency, defaults={"position": position}
    )
    return official


@scenario("sign-pdf", unit="signatures/s", baseline="pyHanko, no appearance")
def sign_pdf(ctx: BenchContext) -> Measurement:
    """Visible PAdES signatures per second on a 10-page PDF, vs bare invisible pyHanko signing."""
    n = ctx.n(30)
    official = _official()
    certificate = services.issue_certificate(official=official)
    pdf = sample_pdf(10)
    appearance = services.Appearance("signature", title=official.position.name, name=official.full_name)

    def ours():
        for _ in range(n):
            services.sign_pdf(pdf, certificate=certificate, reason="Đo hiệu năng", appearance=appearance)

    signer = signer_for(certificate).pyhanko_signer()
    meta = signers.PdfSignatureMetadata(field_name="Signature1")

    def bare():
        for _ in range(n):
            signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer, output=BytesIO())

    return Measurement(measured=n / ctx.timed(ours), baseline=n / ctx.timed(bare))
