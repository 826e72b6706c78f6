"""Files of the personal data store: readable by the citizen who owns the stored paper, nobody else.
Registered with ``egov.attachments.access`` from ``ServicesPortalConfig.ready``."""

from egov.attachments.access import register_file_owner

from .models import StoredPaper


def _own(user):
    if not getattr(user, "is_authenticated", False):
        return StoredPaper.objects.none()
    return StoredPaper.objects.filter(user=user)


def register() -> None:
    register_file_owner("services_portal.StoredPaper", "attachment", readable=_own, label="Kho dữ liệu cá nhân")
