"""Documents that arrive from outside the platform (edXML exchange): the incoming copy waiting to be
registered, and the sender's update of a copy not registered yet. The exchange app calls these; they know
nothing of edXML."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import IncomingDocument
from ..transitions import IncomingStatus
from .common import DocumentError, audit_and_publish, log, refresh_search_text, snapshot
from .incoming import IncomingData, _check_data, _fields


def receive_external(agency, data: IncomingData, *, attachments=(), note: str = "", now=None) -> IncomingDocument:
    """An incoming document of ``agency`` received electronically from an external sender, waiting to be
    registered by its clerk (like ``outgoing._deliver`` for senders on the platform). Publishes
    ``document.incoming.arrive``."""
    now = now or timezone.now()
    _check_data(data)
    with transaction.atomic():
        document = IncomingDocument.objects.create(
            agency=agency, status=IncomingStatus.PENDING, created_at=now, **_fields(data)
        )
        document.attachments.set(attachments)
        refresh_search_text(document)
        document.save(update_fields=["search_text"])
        log(
            document,
            "arrive",
            "",
            None,
            now,
            to_unit=agency,
            note=note or _("Nhận qua liên thông từ %(issuer)s") % {"issuer": data.issuer_name},
        )
        audit_and_publish(document, "arrive", None, before=None)
    return document


def update_external(document: IncomingDocument, data: IncomingData, *, attachments=None, note: str = "", now=None):
    """The sender corrected a document: the copy takes the new metadata (and files) while it is still waiting
    to be registered; afterwards the clerk must handle the correction by hand (raises ``DocumentError``)."""
    now = now or timezone.now()
    _check_data(data)
    with transaction.atomic():
        locked = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status != IncomingStatus.PENDING:
            raise DocumentError(_("Văn bản đã vào sổ, không thể cập nhật tự động theo nơi gửi."))
        before = snapshot(locked)
        for name, value in _fields(data).items():
            setattr(locked, name, value)
        if attachments is not None:
            locked.attachments.set(attachments)
        refresh_search_text(locked)
        locked.save()
        log(locked, "update", locked.status, None, now, note=note or _("Nơi gửi cập nhật văn bản"))
        audit_and_publish(locked, "update", None, before=before)
    document.refresh_from_db()
    return document


__all__ = ["receive_external", "update_external"]
