"""Only the catalogue API, mounted as in the project, to check its OpenAPI schema alone."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include(([path("public/", include("egov.procedures.api.public_urls"))], "api")))]
