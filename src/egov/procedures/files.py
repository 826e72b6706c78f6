"""Form templates of required documents are public, like the catalogue they belong to (active procedures);
staff read those of inactive procedures too. Registered from ``ProceduresConfig.ready``."""

from egov.agencies.scoping import scope_of
from egov.attachments.access import register_file_owner

from .models import RequiredDocument


def _templates(user):
    if not scope_of(user).is_empty:
        return RequiredDocument.objects.all()
    return RequiredDocument.objects.filter(procedure__is_active=True)


def register() -> None:
    register_file_owner("procedures.RequiredDocument", "template", readable=_templates, label="Mẫu đơn, tờ khai")
