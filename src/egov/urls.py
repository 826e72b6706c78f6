from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail.admin import urls as wagtailadmin_urls

from egov.core import health, metrics

handler404 = "egov.api.errors.not_found"  # JSON under /api/

urlpatterns = [
    path("healthz", include("egov.core.health_urls")),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("egov.api.urls")),
    path("", include("egov.core.urls")),
    path("", include("egov.accounts.urls")),
    path("", include("egov.agencies.urls")),
    path("", include("egov.attachments.urls")),
    path("", include("egov.notifications.urls")),
    path("quan-tri/", include("egov.audit.urls")),
    path("minh-bach/nhat-ky-kiem-toan/", include("egov.audit.public_urls")),
    path("quan-tri/", include("egov.events.urls")),
    path("quan-tri/", include("egov.api.page_urls")),
    path("", include("egov.procedures.urls")),
    path("mot-cua/", include("egov.dossiers.urls")),
    path("van-ban/", include("egov.documents.urls")),
    path("chu-ky-so/", include("egov.signatures.urls")),
    path("thanh-toan/", include("egov.payments.urls")),
    path("", include("egov.services_portal.urls")),
    path("", include("egov.exchange.urls")),
    path("", include("egov.meetings.urls")),
    path("", include("egov.feedback.urls")),
    path("", include("egov.reports.urls")),
    path("", include("egov.plans.urls")),
    path("", include("egov.tasks.urls")),
    path("", include("egov.postal.urls")),
    path("", include("egov.integrations.dvcqg.urls")),
    path("", include("egov.api.webhooks.urls")),
    path("django-admin/", admin.site.urls),
    # --- information portal (cms): its own routes, Wagtail's editor, then Wagtail's page tree catch-all ---
    path("", include("egov.cms.urls")),
    path("quan-tri/cms/", include(wagtailadmin_urls)),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

# Wagtail serves the portal's pages for every path nothing above matched (through the cms's cached
# serve view, egov.cms.page_urls): keep it last.
urlpatterns.append(path("", include("egov.cms.page_urls")))
