"""PAdES signing with pyHanko: incremental, so a later signature keeps the earlier ones valid."""

import datetime as dt
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.stamp import StaticStampStyle

from . import conf
from .appearance import A4, Appearance, layout, page_index
from .models import Certificate
from .signers import signer_for


def check_can_sign(certificate: Certificate, at: dt.datetime | None = None) -> None:
    """Raise ValidationError when ``certificate`` is revoked, expired or not yet valid."""
    at = at or timezone.now()
    if certificate.revoked_at is not None and certificate.revoked_at <= at:
        raise ValidationError(
            _("Chứng thư số “%(subject)s” đã bị thu hồi lúc %(at)s, không thể dùng để ký."),
            code="certificate_revoked",
            params={"subject": certificate.subject, "at": formats.date_format(certificate.revoked_at, "d/m/Y H:i")},
        )
    if at >= certificate.not_after:
        raise ValidationError(
            _("Chứng thư số “%(subject)s” đã hết hiệu lực từ %(at)s, không thể dùng để ký."),
            code="certificate_expired",
            params={"subject": certificate.subject, "at": formats.date_format(certificate.not_after, "d/m/Y H:i")},
        )
    if at < certificate.not_before:
        raise ValidationError(
            _("Chứng thư số “%(subject)s” chưa có hiệu lực (từ %(at)s), không thể dùng để ký."),
            code="certificate_not_yet_valid",
            params={"subject": certificate.subject, "at": formats.date_format(certificate.not_before, "d/m/Y H:i")},
        )


def open_pdf(pdf_bytes: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    except Exception as exc:  # pyHanko raises several kinds of errors on broken input
        raise ValidationError(_("Tệp không phải là tệp PDF hợp lệ."), code="invalid_pdf") from exc


def _page_size(writer: IncrementalPdfFileWriter, page_ix: int) -> tuple[float, float]:
    page_ref, _resources = writer.find_page_for_modification(page_ix)
    box = page_ref.get_object().get("/MediaBox")
    if box is None:
        return A4
    x1, y1, x2, y2 = (float(v) for v in box)
    return x2 - x1, y2 - y1


def _page_count(writer: IncrementalPdfFileWriter) -> int:
    return int(writer.root["/Pages"]["/Count"])


def _field_name(writer: IncrementalPdfFileWriter, appearance: Appearance | None) -> str:
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    base = f"ChuKySo_{appearance.kind}" if appearance else "ChuKySo"
    number = len(existing) + 1
    while f"{base}_{number}" in existing:
        number += 1
    return f"{base}_{number}"


def _visible(writer, field_name: str, appearance: Appearance):
    """(field spec, stamp style) placing ``appearance``."""
    page_ix = page_index(appearance) % _page_count(writer)
    _page, box, image = layout(appearance, _page_size(writer, page_ix))
    spec = fields.SigFieldSpec(field_name, on_page=page_ix, box=box)
    style = StaticStampStyle(border_width=0, background=PdfImage(image), background_opacity=1.0)
    return spec, style


def sign_pdf(
    pdf_bytes: bytes,
    *,
    certificate: Certificate,
    reason: str,
    location: str = "",
    appearance: Appearance | None = None,
    field_name: str | None = None,
) -> bytes:
    """Sign ``pdf_bytes`` (PAdES baseline, SHA-256) with ``certificate``; return the signed PDF.

    Visible when ``appearance`` is given; with a RFC 3161 timestamp when a TSA URL is configured.
    Raises ValidationError for a revoked/expired certificate or an unreadable PDF.
    """
    check_can_sign(certificate)
    writer = open_pdf(pdf_bytes)
    field_name = field_name or _field_name(writer, appearance)
    spec, style = _visible(writer, field_name, appearance) if appearance else (None, None)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location or None,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    url = conf.tsa_url()
    signer = signer_for(certificate).pyhanko_signer()
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamps.HTTPTimeStamper(url) if url else None,
        stamp_style=style,
        new_field_spec=spec,
    )
    output = BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=output)
    finally:
        session = getattr(signer, "pkcs11_session", None)  # a token session is opened per signature
        if session is not None:
            session.close()
    return output.getvalue()
