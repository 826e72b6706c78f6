"""Whole-page cache for anonymous visitors of the portal (the mechanism: ``egov.core.pagecache``).

Keys carry a *generation*: publishing anything (a Wagtail page, a legal document, a gazette issue...) bumps it,
which invalidates every cached page at once — a home page lists news, a site menu lists pages, so finer
invalidation would be fragile. Entries also expire after ``CMS_CACHE_SECONDS`` (data read from other apps,
e.g. the agency directory on introduction pages).
"""

from egov.core.pagecache import CSRF_SENTINEL, PageCache, cacheable, enabled, portal_cache, response_from

__all__ = [
    "CSRF_SENTINEL",
    "GENERATION_KEY",
    "anonymous_cache",
    "cacheable",
    "enabled",
    "invalidate",
    "lookup",
    "portal_cache",
    "response_from",
    "store",
]

pages = PageCache("cms")
GENERATION_KEY = pages.generation_key
invalidate = pages.invalidate
lookup = pages.lookup
store = pages.store
anonymous_cache = pages.anonymous  # decorator for the cms's own public views (legal documents, gazette, feeds...)
