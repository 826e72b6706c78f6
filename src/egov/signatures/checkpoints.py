"""Signing the audit log's checkpoints (``egov.audit.checkpoints``) with the province's certificate.

The signature is a detached CMS SignedData (PKCS#7, DER, SHA-256) of the checkpoint's bytes, with the
signing-time attribute and, when ``EGOV_SIGNATURES_TSA_URL`` is set, an RFC 3161 timestamp; anyone can check
it with ``openssl cms -verify -binary -inform DER -in checkpoint-….json.p7s -content checkpoint-….json
-CAfile <province CA>``. The certificate is the usable organisation certificate of the agency with code
``EGOV_AUDIT_CHECKPOINT_AGENCY``, by default of the top agency (no parent) that has one.
"""

import asyncio

from asn1crypto import cms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign import timestamps
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from egov.audit.checkpoints import CheckpointError

from . import conf
from .models import Certificate
from .signers import signer_for
from .signing import check_can_sign
from .verification import trust_roots


def province_certificate() -> Certificate:
    certificates = Certificate.objects.usable().filter(agency__isnull=False).select_related("agency")
    code = getattr(settings, "EGOV_AUDIT_CHECKPOINT_AGENCY", "")
    certificates = certificates.filter(agency__code=code) if code else certificates.filter(agency__parent__isnull=True)
    found = certificates.order_by("agency__sort_order", "agency__code", "-not_after").first()
    if found is None:
        raise CheckpointError(_("Không có chứng thư số còn hiệu lực của cơ quan cấp tỉnh để ký điểm kiểm tra."))
    return found


class CmsCheckpointSigner:
    def sign(self, data: bytes) -> bytes:
        certificate = province_certificate()
        check_can_sign(certificate)
        signer = signer_for(certificate).pyhanko_signer()
        url = conf.tsa_url()
        timestamper = timestamps.HTTPTimeStamper(url) if url else None
        try:
            content_info = asyncio.run(
                signer.async_sign_general_data(
                    data,
                    "sha256",
                    detached=True,
                    timestamper=timestamper,
                    signed_attr_settings=PdfCMSSignedAttributes(signing_time=timezone.now()),
                )
            )
        finally:
            session = getattr(signer, "pkcs11_session", None)
            if session is not None:
                session.close()
        return content_info.dump()

    def verify(self, data: bytes, signature: bytes) -> str:
        try:
            content_info = cms.ContentInfo.load(signature)
            signed_data = content_info["content"]
            context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
            status = asyncio.run(async_validate_detached_cms(data, signed_data, signer_validation_context=context))
        except Exception as exc:  # a damaged signature: a failed check, not a crash
            raise CheckpointError(_("Chữ ký không đọc được: %(error)s") % {"error": exc}) from exc
        if not status.intact:
            raise CheckpointError(_("Chữ ký không khớp nội dung (nội dung đã bị sửa)."))
        if not (status.valid and status.trusted):
            raise CheckpointError(_("Chữ ký không hợp lệ hoặc chứng thư không thuộc nguồn tin cậy."))
        return status.signing_cert.subject.human_friendly
