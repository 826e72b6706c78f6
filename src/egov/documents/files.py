"""Files of documents: readable by whoever may read the document (scope, assignment and secrecy clearance).

Registered with ``egov.attachments.access`` from ``DocumentsConfig.ready``. A document's files follow the
document's own ``for_user``, which applies the secrecy clearance to every user, system administrators
included. An internally sent document arrives as an incoming copy holding the same files, so the recipient
reads them through the copy. Downloads of files of secret documents are written to the security log
(``audit.security.SECRET_DOWNLOAD``, ``file.secret_download``).
"""

from egov.attachments.access import register_file_owner

from .models import DraftVersion, IncomingDocument, OutgoingDocument, Secrecy


def _draft_versions(user):
    return DraftVersion.objects.filter(document__in=OutgoingDocument.objects.for_user(user))


def register() -> None:
    register_file_owner(
        "documents.IncomingDocument", "attachments", readable=IncomingDocument.objects.for_user, label="Văn bản đến"
    )
    register_file_owner(
        "documents.OutgoingDocument", "attachments", readable=OutgoingDocument.objects.for_user, label="Văn bản đi"
    )
    register_file_owner("documents.DraftVersion", "attachment", readable=_draft_versions, label="Dự thảo văn bản")


def secret_documents(owners) -> list:
    """The secret documents among the ``(FileOwner, row)`` pairs of a download."""
    found = {}
    for _owner, row in owners:
        document = row.document if isinstance(row, DraftVersion) else row
        if isinstance(document, IncomingDocument | OutgoingDocument) and document.secrecy > Secrecy.NORMAL:
            found[(document._meta.label, document.pk)] = document
    return list(found.values())


def record_secret_download(sender, *, request, attachment, owners, **kwargs) -> None:
    """``attachments.signals.file_downloaded`` receiver: one security-log event per secret document read."""
    from egov.audit import security

    for document in secret_documents(owners):
        security.record(
            security.SECRET_DOWNLOAD,
            request,
            target=document,
            file_id=attachment.pk,
            file_name=attachment.original_name,
            secrecy=document.secrecy,
        )


__all__ = ["record_secret_download", "register", "secret_documents"]
