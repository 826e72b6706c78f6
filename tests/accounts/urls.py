"""The site's urls plus mozilla-django-oidc's, as settings.OIDC_ENABLED would give."""

from django.urls import include, path

from egov.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("oidc/", include("mozilla_django_oidc.urls"))]
