"""The project's URLs, plus the dossier routes in case the project does not mount them yet."""

from django.urls import Resolver404, include, path, resolve

from egov.urls import urlpatterns as project_urlpatterns


def _mounted(url: str) -> bool:
    try:
        resolve(url, urlconf="egov.urls")
    except Resolver404:
        return False
    return True


urlpatterns = []
if not _mounted("/mot-cua/tra-cuu/"):
    urlpatterns.append(path("mot-cua/", include("egov.dossiers.urls")))
if not _mounted("/api/v1/public/dossiers/X-1"):
    urlpatterns.append(path("api/v1/public/", include("egov.dossiers.api.public_urls")))
urlpatterns += project_urlpatterns
