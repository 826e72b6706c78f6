"""OpenAPI schema hooks (``SPECTACULAR_SETTINGS``)."""

API_PREFIX = "/api/v1/"


def only_our_api(endpoints, **kwargs):
    """Keep the platform's REST API (``/api/v1/...``); leave out Wagtail's admin API and any other view that
    happens to be a DRF view (``/quan-tri/cms/api/...``)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]
