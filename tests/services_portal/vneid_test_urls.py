"""The site's URLs plus mozilla-django-oidc's (mounted by egov.urls only when EGOV_OIDC_ENABLED is set)."""

from django.urls import include, path

from egov.urls import urlpatterns as site

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *site]
