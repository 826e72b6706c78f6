"""State changes of the signatures app, and the signing/verification entry points other apps call."""

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.audit.services import record

from . import ca, conf
from .appearance import Appearance
from .models import Certificate
from .signing import check_can_sign, sign_pdf
from .verification import SignatureReport, trust_roots, verify_pdf

__all__ = [
    "Appearance",
    "SignatureReport",
    "certificate_for",
    "check_can_sign",
    "import_pkcs12",
    "issue_certificate",
    "issue_demo_ca",
    "revoke_certificate",
    "sign_attachment",
    "sign_dossier_result",
    "sign_issued_document",
    "sign_pdf",
    "trust_roots",
    "verify_pdf",
]

DEFAULT_VALIDITY = dt.timedelta(days=3 * 365)
NAME_LABELS = {NameOID.TITLE: "T"}


def issue_demo_ca() -> x509.Certificate:
    """The demo CA certificate, creating the CA (key under VAR_DIR) on first call. Idempotent."""
    return ca.load_or_create_ca().cert


def _owner_names(official, agency) -> tuple[str, str, str]:
    """(common name, organisation, title) of the certificate subject."""
    if official is not None:
        return official.full_name, official.agency.name, official.position.name
    return agency.name, agency.name, ""


def _save(cert: x509.Certificate, *, official, agency, pkcs12_blob: bytes | None, chain_pem: str) -> Certificate:
    return Certificate.objects.create(
        official=official,
        agency=agency,
        subject=cert.subject.rfc4514_string(NAME_LABELS),
        issuer=cert.issuer.rfc4514_string(NAME_LABELS),
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        fingerprint=hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        chain_pem=chain_pem,
        pkcs12=pkcs12_blob,
    )


def _check_owner(official, agency) -> None:
    if (official is None) == (agency is None):
        raise ValueError("A certificate belongs to exactly one official or one agency.")


@transaction.atomic
def issue_certificate(
    *, official=None, agency=None, not_before: dt.datetime | None = None, not_after: dt.datetime | None = None
) -> Certificate:
    """Issue a certificate from the demo CA for ``official`` or ``agency`` and keep its key (PKCS#12)."""
    _check_owner(official, agency)
    authority = ca.load_or_create_ca()
    not_before = not_before or timezone.now() - dt.timedelta(minutes=5)
    not_after = not_after or not_before + DEFAULT_VALIDITY
    common_name, organisation, title = _owner_names(official, agency)
    issued = ca.issue(
        authority,
        common_name=common_name,
        organisation=organisation,
        title=title,
        not_before=not_before,
        not_after=not_after,
    )
    blob = ca.to_pkcs12(issued, authority.cert, conf.pkcs12_passphrase(), common_name)
    chain = authority.cert.public_bytes(serialization.Encoding.PEM).decode()
    certificate = _save(issued.cert, official=official, agency=agency, pkcs12_blob=blob, chain_pem=chain)
    record(
        actor=None,
        action="signatures.certificate_issued",
        target=certificate,
        agency=agency or official.agency,
        after={"subject": certificate.subject, "serial": certificate.serial},
    )
    return certificate


@transaction.atomic
def import_pkcs12(data: bytes, passphrase: bytes | None, *, official=None, agency=None, actor=None) -> Certificate:
    """Put a PKCS#12 file (e.g. from a public CA) on record, re-encrypted with the configured passphrase."""
    _check_owner(official, agency)
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError as exc:
        raise ValidationError(_("Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng."), code="bad_pkcs12") from exc
    if key is None or cert is None:
        raise ValidationError(_("Tệp PKCS#12 phải chứa chứng thư số và khóa bí mật."), code="bad_pkcs12")
    blob = pkcs12.serialize_key_and_certificates(
        b"imported", key, cert, extra or None, serialization.BestAvailableEncryption(conf.pkcs12_passphrase())
    )
    chain = "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in extra or ())
    certificate = _save(cert, official=official, agency=agency, pkcs12_blob=blob, chain_pem=chain)
    record(
        actor=actor,
        action="signatures.certificate_imported",
        target=certificate,
        agency=agency or official.agency,
        after={"subject": certificate.subject, "serial": certificate.serial},
    )
    return certificate


@transaction.atomic
def revoke_certificate(certificate: Certificate, *, actor=None, at: dt.datetime | None = None) -> Certificate:
    """Mark ``certificate`` revoked (from ``at``, default now): it can no longer sign."""
    certificate.revoked_at = at or timezone.now()
    certificate.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="signatures.certificate_revoked",
        target=certificate,
        agency=certificate.agency or certificate.official.agency,
        after={"revoked_at": certificate.revoked_at.isoformat()},
    )
    return certificate


def certificate_for(*, official=None, agency=None) -> Certificate:
    """The usable certificate (latest expiry) of ``official`` or ``agency``; ValidationError when none."""
    _check_owner(official, agency)
    owner_filter = {"official": official} if official is not None else {"agency": agency}
    certificate = Certificate.objects.filter(**owner_filter).usable().order_by("-not_after").first()
    if certificate is None:
        raise ValidationError(
            _("%(owner)s chưa có chứng thư số còn hiệu lực để ký.") % {"owner": official or agency},
            code="no_certificate",
        )
    return certificate


def sign_issued_document(pdf_bytes: bytes, *, official, title: str = "", reason: str = "") -> bytes:
    """The main file of an issued document: the official's personal signature, then the organisation's seal.

    ``official`` is the signer (its agency's organisation signs as the issuing body); ``title`` is the line
    above the signature (e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" is up to the caller; default: the position).
    """
    agency = official.agency.organisation
    location = agency.administrative_unit.name
    personal = sign_pdf(
        pdf_bytes,
        certificate=certificate_for(official=official),
        reason=reason or _("Ký ban hành văn bản"),
        location=location,
        appearance=Appearance("signature", title=title or official.position.name, name=official.full_name),
    )
    return sign_pdf(
        personal,
        certificate=certificate_for(agency=agency),
        reason=_("Ký số của cơ quan ban hành"),
        location=location,
        appearance=Appearance("seal", name=agency.name),
    )


def sign_attachment(pdf_bytes: bytes, *, agency, notation: str) -> bytes:
    """An attachment of an issued document: the organisation's text stamp (notation + time) on page 1."""
    agency = agency.organisation
    return sign_pdf(
        pdf_bytes,
        certificate=certificate_for(agency=agency),
        reason=_("Ký số tệp đính kèm văn bản %(notation)s") % {"notation": notation},
        location=agency.administrative_unit.name,
        appearance=Appearance("stamp", notation=notation),
    )


def sign_dossier_result(result, *, actor, notation: str = ""):
    """Sign a dossier result's PDF with the handling agency's organisation certificate (text stamp, page 1).

    The signed file becomes a new attachment that replaces ``result.attachment``; returns the result.
    """
    from egov.attachments.services import store_upload

    agency = result.dossier.handling_agency.organisation
    attachment = result.attachment
    if attachment is None or attachment.content_type != "application/pdf":
        raise ValidationError(_("Kết quả chưa có tệp PDF để ký số."), code="no_pdf")
    certificate = certificate_for(agency=agency)
    with attachment.file.open("rb") as fh:
        data = fh.read()
    signed = sign_pdf(
        data,
        certificate=certificate,
        reason=_("Trả kết quả giải quyết thủ tục hành chính"),
        location=agency.administrative_unit.name,
        appearance=Appearance("stamp", notation=notation or result.code),
    )
    with transaction.atomic():
        new = store_upload(
            ContentFile(signed, name=attachment.original_name), uploaded_by=actor, agency=agency, allowed_types=["pdf"]
        )
        result.attachment = new
        result.save(update_fields=["attachment"])
        record(
            actor=actor,
            action="signatures.result_signed",
            target=result,
            agency=agency,
            after={"attachment": new.pk, "certificate": certificate.fingerprint},
        )
    return result
