"""Dossier routes of REST API v1 (mounted under ``/api/v1/`` by ``egov.api.urls``)."""

from rest_framework.routers import SimpleRouter

from .viewsets import DossierViewSet

router = SimpleRouter()
router.register("dossiers", DossierViewSet, basename="dossier")

urlpatterns = router.urls
