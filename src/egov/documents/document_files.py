"""The files a document page shows: main file first, then the other files, each PDF with its signature status.

Incoming documents (registered by the clerk, arrived from another agency on the platform, received by edXML)
list their attachments in the order they were attached; the first is the main file. An issued outgoing
document shows its issued file (the signed one when signing succeeded) first, then its draft versions, newest
first; a draft shows its versions, newest first.

Links to the files are built in one place, the ``documents/_files.html`` include, from the attachment's own
URL methods (``get_absolute_url`` to download, ``get_view_url`` to show it in the page).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import IncomingDocument, OutgoingDocument
from .transitions import OutgoingStatus

logger = logging.getLogger(__name__)

PDF = "application/pdf"
SIGNATURE_CACHE_SECONDS = 600  # a file's bytes never change; trust roots and revocations seldom do


@dataclass(frozen=True)
class SignatureStatus:
    """What the page says of a PDF's signatures (``egov.signatures.verification.verify_pdf``)."""

    state: str  # "unsigned", "valid", "untrusted", "invalid", "unreadable"
    signers: tuple[str, ...] = ()

    @property
    def signed(self) -> bool:
        return self.state in ("valid", "untrusted", "invalid")

    @property
    def label(self) -> str:
        names = ", ".join(self.signers)
        if self.state == "valid":
            return _("Đã ký số, chữ ký hợp lệ: %(names)s") % {"names": names}
        if self.state == "untrusted":
            return _("Đã ký số, chữ ký còn nguyên vẹn nhưng chứng thư chưa được tin cậy: %(names)s") % {"names": names}
        if self.state == "invalid":
            return _("Chữ ký số không hợp lệ hoặc tệp đã bị sửa sau khi ký: %(names)s") % {"names": names}
        if self.state == "unreadable":
            return _("Không kiểm tra được chữ ký số của tệp")
        return _("Chưa ký số")


@dataclass
class DocumentFile:
    attachment: object
    role: str
    main: bool = False
    signature: SignatureStatus | None = field(default=None)

    @property
    def is_pdf(self) -> bool:
        return self.attachment.content_type == PDF


def signature_status(attachment) -> SignatureStatus | None:
    """The signature status of a PDF attachment (None for other files); cached by the file's SHA-256."""
    if attachment.content_type != PDF:
        return None
    key = f"documents:signature-status:{attachment.sha256}"
    cached = cache.get(key)
    if cached is not None:
        return SignatureStatus(*cached)
    status = _verify(attachment)
    cache.set(key, (status.state, status.signers), SIGNATURE_CACHE_SECONDS)
    return status


def _verify(attachment) -> SignatureStatus:
    from egov.signatures.verification import verify_pdf

    try:
        with attachment.file.open("rb") as stream:
            reports = verify_pdf(stream.read())
    except (ValidationError, OSError):
        logger.warning("Could not check the signatures of attachment %s", attachment.pk, exc_info=True)
        return SignatureStatus("unreadable")
    if not reports:
        return SignatureStatus("unsigned")
    signers = tuple(r.signer or r.organisation for r in reports)
    if not all(r.valid for r in reports):
        return SignatureStatus("invalid", signers)
    if not all(r.trusted for r in reports):
        return SignatureStatus("untrusted", signers)
    return SignatureStatus("valid", signers)


def _ordered_attachments(document) -> list:
    """The document's attachments in the order they were attached (the through table's ids)."""
    through = type(document).attachments.through
    column = f"{type(document).__name__.lower()}_id"
    rows = through.objects.filter(**{column: document.pk}).select_related("attachment").order_by("pk")
    return [row.attachment for row in rows]


def files_of(document) -> list[DocumentFile]:
    """Every file of ``document`` for its page: the main file first."""
    if isinstance(document, IncomingDocument):
        files = [
            DocumentFile(a, _("Tệp văn bản") if i == 0 else _("Tệp đính kèm"), main=i == 0)
            for i, a in enumerate(_ordered_attachments(document))
        ]
    elif isinstance(document, OutgoingDocument):
        files = _outgoing_files(document)
    else:  # pragma: no cover - only the two document models have pages
        raise TypeError(type(document))
    for item in files:
        item.signature = signature_status(item.attachment)
    return files


def _outgoing_files(document: OutgoingDocument) -> list[DocumentFile]:
    issued = document.status in (OutgoingStatus.ISSUED, OutgoingStatus.RECALLED)
    files = []
    if issued:
        for index, attachment in enumerate(_ordered_attachments(document)):
            role = _("Văn bản ban hành") if index == 0 else _("Tệp đính kèm văn bản ban hành")
            files.append(DocumentFile(attachment, role, main=index == 0))
    shown = {f.attachment.pk for f in files}
    versions = document.versions.select_related("attachment").order_by("-number")
    for version in versions:
        if version.attachment_id in shown:
            continue  # issued unsigned: the issued file is the last version itself
        role = _("Dự thảo phiên bản %(number)s") % {"number": version.number}
        files.append(DocumentFile(version.attachment, role, main=not files))
    return files


def main_file(files: list[DocumentFile]) -> DocumentFile | None:
    """The file shown in the page: the main file when the browser can show it, else the first PDF."""
    for item in files:
        if item.main and item.is_pdf:
            return item
    return next((item for item in files if item.is_pdf), None)
