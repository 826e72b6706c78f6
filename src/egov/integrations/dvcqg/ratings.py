"""Ratings given on DVCQG flow into our satisfaction figures (the portal's ``Rating`` and its event)."""

from django.db import IntegrityError, transaction

from egov.services_portal.services import record_external_rating

from .client import NationalPortalClient, get_client
from .models import NationalDossier, NationalRating


def pull_ratings(client: NationalPortalClient | None = None) -> int:
    """Take the national ratings of our dossiers not seen yet; returns how many were recorded."""
    client = client or get_client()
    count = 0
    for item in client.list_ratings():
        national = (
            NationalDossier.objects.filter(ma_ho_so=str(item.get("MaHoSo") or "")).select_related("dossier").first()
        )
        if (
            national is None
            or national.dossier is None
            or NationalRating.objects.filter(national_dossier=national).exists()
        ):
            continue
        try:
            score = int(item.get("DiemDanhGia"))
        except (TypeError, ValueError):
            continue
        if not 1 <= score <= 5:
            continue
        try:
            with transaction.atomic():
                NationalRating.objects.create(
                    national_dossier=national, score=score, comment=str(item.get("NoiDung") or "")
                )
                if record_external_rating(
                    national.dossier, score=score, comment=str(item.get("NoiDung") or ""), source="dvcqg"
                ):
                    count += 1
        except IntegrityError:
            continue
    return count
