"""Webhook routes of REST API v1 (mounted under ``/api/v1/`` by ``egov.api.urls``)."""

from rest_framework.routers import SimpleRouter

from .api import DeliveryViewSet, KindViewSet, SubscriptionViewSet

router = SimpleRouter()
router.register("webhooks/subscriptions", SubscriptionViewSet, basename="webhook-subscription")
router.register("webhooks/deliveries", DeliveryViewSet, basename="webhook-delivery")
router.register("webhooks/kinds", KindViewSet, basename="webhook-kind")

urlpatterns = router.urls
