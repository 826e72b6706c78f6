from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("egov.signatures.api_urls")),
    path("", include("egov.urls")),
]
