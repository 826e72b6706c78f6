"""Serving the page tree: the anonymous cache and the view counter in front of Wagtail's ``serve``."""

from wagtail.views import serve

from .. import cache
from ..counters import count_request


def serve_page(request, path: str = ""):
    """Wagtail's page view, answered from the cache for anonymous visitors when possible."""
    if not cache.cacheable(request):
        response = serve(request, path)
        _count(request, response)
        return response
    key, entry = cache.lookup(request)
    if entry is not None:
        count_request(request, entry.get("page_id"), entry.get("site_root_id"))
        return cache.response_from(entry, request)
    response = serve(request, path)
    page_id, site_root_id = _count(request, response)
    if not getattr(request, "is_preview", False):
        cache.store(key, response, {"page_id": page_id, "site_root_id": site_root_id})
    return response


def _count(request, response) -> tuple[int | None, int | None]:
    page = getattr(request, "cms_page", None)
    if page is None or response.status_code != 200:
        return None, None
    home = page.site_home()
    ids = (page.pk, home.pk if home else None)
    count_request(request, *ids)
    return ids


def portal_home(request):
    """ "/" of the whole site: the portal home when the default Wagtail site's root is a PortalHomePage,
    else None (core then shows its plain landing page)."""
    from wagtail.models import Site

    from ..models import PortalHomePage

    if cache.cacheable(request):  # a cached portal home needs no site look-up
        key, entry = cache.lookup(request)
        if entry is not None:
            count_request(request, entry.get("page_id"), entry.get("site_root_id"))
            return cache.response_from(entry, request)
    site = Site.find_for_request(request)
    if site is None or site.root_page.specific_class is not PortalHomePage:
        return None
    return serve_page(request, "")
