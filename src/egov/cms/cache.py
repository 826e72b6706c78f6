"""Whole-page cache for anonymous visitors of the portal.

A response is cached when the visitor is anonymous, the request is a GET without a session or pending
messages, and the page returned 200. Keys carry a *generation*: publishing anything (a Wagtail page, a
legal document, a gazette issue...) bumps it, which invalidates every cached page at once — a home page
lists news, a site menu lists pages, so finer invalidation would be fragile. Entries also expire after
``CMS_CACHE_SECONDS`` (data read from other apps, e.g. the agency directory on introduction pages).

The CSRF token in a cached page (language switch form, htmx header) is replaced on every hit by a token
for the current visitor, so forms keep working.
"""

import hashlib
import re
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

GENERATION_KEY = "cms:generation"
CSRF_SENTINEL = "__EGOV_CSRF_TOKEN__"
_CSRF_RE = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]{32,64})')


def portal_cache():
    return caches[settings.CMS_CACHE_ALIAS]


def enabled() -> bool:
    return settings.CMS_CACHE_SECONDS > 0


def invalidate() -> None:
    """Forget every cached page (called on commit of every publication)."""
    if enabled():
        portal_cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


def _generation(cache) -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY) or generation
    return generation


def cacheable(request) -> bool:
    if not enabled() or request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:  # signed in, or has a session: never shared
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def _key(request, generation: str) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{translation.get_language()}"
    return f"cms:page:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def lookup(request) -> tuple[str, dict | None]:
    """(key, entry) for ``request``; entry is None on a miss."""
    cache = portal_cache()
    key = _key(request, _generation(cache))
    return key, cache.get(key)


def response_from(entry: dict, request) -> HttpResponse:
    content = entry["content"]
    if CSRF_SENTINEL in content:
        content = content.replace(CSRF_SENTINEL, get_token(request))
    response = HttpResponse(content, content_type=entry["content_type"], status=200)
    if entry.get("language"):
        response.headers["Content-Language"] = entry["language"]
    response.headers["X-Portal-Cache"] = "hit"
    return response


def store(key: str, response, extra: dict | None = None) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return  # errors, streams and responses setting their own cookies are never shared
    content = response.content.decode(response.charset or "utf-8")
    entry = {
        "content": _CSRF_RE.sub(lambda m: m.group(1) + CSRF_SENTINEL, content),
        "content_type": response.get("Content-Type", "text/html; charset=utf-8"),
        "language": response.get("Content-Language", ""),
        **(extra or {}),
    }
    portal_cache().set(key, entry, settings.CMS_CACHE_SECONDS)
    response.headers["X-Portal-Cache"] = "miss"


def anonymous_cache(view):
    """Decorator for the cms's own public views (legal documents, gazette, feeds...)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key, entry = lookup(request)
        if entry is not None:
            return response_from(entry, request)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        store(key, response)
        return response

    return wrapped
