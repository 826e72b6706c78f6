"""Public (anonymous) API routes of the catalogue, mounted at ``/api/v1/public/``."""

from rest_framework.routers import SimpleRouter

from ..cache import anonymous_cache
from .views import PublicProcedureViewSet

router = SimpleRouter()
router.register("procedures", PublicProcedureViewSet, basename="public-procedure")

urlpatterns = router.urls
for pattern in urlpatterns:  # anonymous answers come from the catalogue cache (egov.procedures.cache)
    pattern.callback = anonymous_cache(pattern.callback)
