"""Files of dossiers (scanned papers, results): readable by the staff who may see the dossier and by its
applicant. Registered with ``egov.attachments.access`` from ``DossiersConfig.ready``."""

from django.db.models import Q

from egov.attachments.access import register_file_owner

from .models import Dossier, DossierPaper, DossierResult


def visible_dossiers_q(user, prefix: str = "dossier__") -> Q:
    """Dossiers in the user's staff scope, or the user's own applications."""
    q = Q(**{f"{prefix}in": Dossier.objects.for_user(user)})
    if getattr(user, "is_authenticated", False):
        q |= Q(**{f"{prefix}applicant_user": user})
    return q


def register() -> None:
    register_file_owner(
        "dossiers.DossierPaper",
        "attachment",
        readable=lambda user: DossierPaper.objects.filter(visible_dossiers_q(user)),
        label="Thành phần hồ sơ",
    )
    register_file_owner(
        "dossiers.DossierResult",
        "attachment",
        readable=lambda user: DossierResult.objects.filter(visible_dossiers_q(user)),
        label="Kết quả giải quyết",
    )
