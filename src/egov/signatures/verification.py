"""Verification of every signature in a PDF against the configured trust roots."""

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from io import BytesIO

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from . import conf
from .ca import demo_ca_cert
from .models import Certificate

logger = logging.getLogger(__name__)
ROOT_SUFFIXES = (".pem", ".crt", ".cer", ".der")


@dataclass
class SignatureReport:
    """One signature of a PDF. ``valid``: the signature matches the signed bytes and nothing disallowed was
    changed afterwards; ``trusted``: the certificate chains to a trust root; ``modified``: the document was
    changed after this signature in a way that breaks it."""

    field_name: str
    valid: bool
    intact: bool
    trusted: bool
    modified: bool
    signer: str = ""
    organisation: str = ""
    signed_at: dt.datetime | None = None
    timestamped: bool = False
    revoked: bool = False
    certificate_fingerprint: str = ""
    error: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        return data


def _load_roots_file(data: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]
    return [asn1_x509.Certificate.load(data)]


def trust_roots() -> list[asn1_x509.Certificate]:
    """The demo CA (when created) and every certificate file in ``SIGNATURES_TRUST_ROOTS_DIR``."""
    roots = []
    ca = demo_ca_cert()
    if ca is not None:
        roots.append(asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER)))
    folder = conf.trust_roots_dir()
    if folder and folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in ROOT_SUFFIXES:
                try:
                    roots.extend(_load_roots_file(path.read_bytes()))
                except ValueError:
                    logger.warning("Unreadable trust root file %s", path)
    return roots


def _report(embedded, roots) -> SignatureReport:
    cert = embedded.signer_cert
    subject = cert.subject.native
    fingerprint = cert.sha256.hex()
    base = {
        "field_name": embedded.field_name,
        "signer": subject.get("common_name", ""),
        "organisation": subject.get("organization_name", ""),
        "certificate_fingerprint": fingerprint,
    }
    try:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception as exc:  # a damaged signature or document: report, do not crash
        logger.info("Signature %s could not be validated: %s", embedded.field_name, exc)
        return SignatureReport(**base, valid=False, intact=False, trusted=False, modified=True, error=str(exc))
    signed_at = status.signer_reported_dt
    revoked_at = Certificate.objects.filter(fingerprint=fingerprint).values_list("revoked_at", flat=True).first()
    revoked = revoked_at is not None and (signed_at is None or revoked_at <= signed_at)
    docmdp_ok = status.docmdp_ok is not False
    return SignatureReport(
        **base,
        valid=bool(status.intact and status.valid and docmdp_ok and not revoked),
        intact=bool(status.intact),
        trusted=bool(status.trusted),
        modified=not (status.intact and docmdp_ok),
        signed_at=signed_at,
        timestamped=status.timestamp_validity is not None,
        revoked=revoked,
    )


def verify_pdf(pdf_bytes: bytes) -> list[SignatureReport]:
    """One report per signature, in signing order; an empty list for an unsigned PDF."""
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:
        raise ValidationError(_("Không đọc được tệp PDF để kiểm tra chữ ký số."), code="invalid_pdf") from exc
    roots = trust_roots()
    return [_report(embedded, roots) for embedded in signatures]
