"""Document routes of REST API v1 (mounted under ``/api/v1/`` by ``egov.api.urls``)."""

from rest_framework.routers import SimpleRouter

from .viewsets import IncomingViewSet, OutgoingViewSet

router = SimpleRouter()
router.register("documents/incoming", IncomingViewSet, basename="document-incoming")
router.register("documents/outgoing", OutgoingViewSet, basename="document-outgoing")

urlpatterns = router.urls
