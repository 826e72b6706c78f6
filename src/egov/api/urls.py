"""REST API v1: each domain exposes its routes in ``<app>/api/urls.py``; they are mounted here."""

from django.urls import include, path

from .oauth import TokenView

app_name = "api"
urlpatterns = [
    path("oauth/token/", TokenView.as_view(), name="oauth-token"),
    path("public/", include("egov.procedures.api.public_urls")),
    path("public/", include("egov.dossiers.api.public_urls")),
    path("", include("egov.dossiers.api.urls")),
    path("", include("egov.signatures.api_urls")),
    path("", include("egov.documents.api.urls")),
    path("", include("egov.api.webhooks.api_urls")),
]
