"""Storing uploads. Every other app stores files through ``store_upload``."""

import logging

from django.core.files import File
from django.db import transaction

from .filetypes import resolve_kinds
from .images import images_to_pdf
from .models import Attachment
from .validation import check_upload

__all__ = ["images_to_pdf", "store_upload"]

logger = logging.getLogger(__name__)


def store_upload(uploaded_file, *, uploaded_by=None, agency=None, allowed_types=None) -> Attachment:
    """Validate ``uploaded_file`` by its content, store it and record it.

    ``allowed_types``: kind keys ("pdf", "jpeg", "png", "tiff", "docx", "xlsx", "odt", "ods") or MIME
    types; ``None`` allows them all. Raises ``ValidationError`` (Vietnamese message) and stores nothing
    when the file is refused.
    """
    file = (
        uploaded_file if isinstance(uploaded_file, File) else File(uploaded_file, getattr(uploaded_file, "name", None))
    )
    checked = check_upload(file, allowed=resolve_kinds(allowed_types))
    attachment = Attachment(
        original_name=checked.name,
        content_type=checked.kind.mime,
        size=checked.size,
        sha256=checked.sha256,
        page_count=checked.page_count,
        uploaded_by=uploaded_by,
        agency=agency,
    )
    file.seek(0)
    attachment.file.save(f"upload.{checked.kind.extension}", file, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    logger.info(
        "Stored attachment %s (%s, %s bytes, sha256 %s)", attachment.pk, checked.kind.key, checked.size, checked.sha256
    )
    return attachment
