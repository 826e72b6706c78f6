"""Files of the portal's records (legal documents, gazette, procurement): public once published, and readable
by the staff of the publishing agency before. Registered from ``CmsConfig.ready``."""

from egov.attachments.access import register_file_owner

from .models.records import GazetteIssue, LegalDocument, ProcurementItem


def _readable(model):
    return lambda user: model.objects.public() | model.objects.for_user(user)


def register() -> None:
    for model, label in (
        (LegalDocument, "Văn bản pháp luật"),
        (GazetteIssue, "Công báo"),
        (ProcurementItem, "Đấu thầu"),
    ):
        register_file_owner(model._meta.label, "attachments", readable=_readable(model), label=label)
    register_file_owner("cms.GazetteIssue", "pdf", readable=_readable(GazetteIssue), label="Công báo")
