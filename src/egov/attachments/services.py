"""Storing uploads. Every other app stores files through ``store_upload``."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files import File
from django.db import transaction

from .filetypes import resolve_kinds
from .images import images_to_pdf
from .models import Attachment
from .validation import check_upload

__all__ = ["images_to_pdf", "kept_only_on_success", "store_upload"]

logger = logging.getLogger(__name__)

# The attachments stored inside the innermost ``kept_only_on_success`` block (None outside any).
_stored_in_block: ContextVar[list | None] = ContextVar("egov_stored_in_block", default=None)


@contextmanager
def kept_only_on_success(using=None):
    """A transaction for a request that stores files and may then be refused: if the block raises, the files
    ``store_upload`` stored inside it are deleted from storage and their rows rolled back with the rest.

        with kept_only_on_success():
            attachments = [store_upload(upload, ...)]
            document = services.register_incoming(..., attachments=attachments)  # may raise: nothing kept
    """
    stored: list = []
    marker = _stored_in_block.set(stored)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        logger.info("Request refused: %s stored file(s) deleted", len(stored))
        raise
    finally:
        _stored_in_block.reset(marker)


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
        active_content=", ".join(checked.active_content),
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
    tracked = _stored_in_block.get()
    if tracked is not None:
        tracked.append(attachment)
    logger.info(
        "Stored attachment %s (%s, %s bytes, sha256 %s)", attachment.pk, checked.kind.key, checked.size, checked.sha256
    )
    return attachment
