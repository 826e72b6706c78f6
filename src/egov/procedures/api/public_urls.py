"""Public (anonymous) API routes of the catalogue, mounted at ``/api/v1/public/``."""

from rest_framework.routers import SimpleRouter

from .views import PublicProcedureViewSet

router = SimpleRouter()
router.register("procedures", PublicProcedureViewSet, basename="public-procedure")

urlpatterns = router.urls
