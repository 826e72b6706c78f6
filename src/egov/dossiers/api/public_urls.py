"""Public dossier route, mounted under ``/api/v1/public/`` by ``egov.api.urls``:
``path("public/", include("egov.dossiers.api.public_urls"))``.
"""

from django.urls import path

from .viewsets import PublicDossierStatusView

urlpatterns = [
    path("dossiers/<str:code>", PublicDossierStatusView.as_view(), name="public-dossier-status"),
]
