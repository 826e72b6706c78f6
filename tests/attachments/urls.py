"""The project's URLs plus this app's, until the lead includes them in egov/urls.py."""

from django.urls import include, path

from egov.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("", include("egov.attachments.urls"))]
