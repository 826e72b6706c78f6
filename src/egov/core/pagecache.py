"""Whole-page cache for anonymous visitors, shared by the portal (``egov.cms.cache``) and the public catalogue
(``egov.procedures.cache``).

A response is cached when the visitor is anonymous, the request is a GET without a session or pending
messages, and the page returned 200. Each ``PageCache`` has a namespace and a *generation* kept in the cache:
``invalidate()`` replaces the generation, which forgets every page of that namespace at once. Entries also
expire after ``CMS_CACHE_SECONDS``. The cache is ``caches[CMS_CACHE_ALIAS]`` (``EGOV_CMS_CACHE``).

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

CSRF_SENTINEL = "__EGOV_CSRF_TOKEN__"
_CSRF_RE = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]{32,64})')


def portal_cache():
    return caches[settings.CMS_CACHE_ALIAS]


def enabled() -> bool:
    return settings.CMS_CACHE_SECONDS > 0


def cacheable(request) -> bool:
    if not enabled() or request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:  # signed in, or has a session: never shared
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def response_from(entry: dict, request) -> HttpResponse:
    content = entry["content"]
    if CSRF_SENTINEL in content:
        content = content.replace(CSRF_SENTINEL, get_token(request))
    response = HttpResponse(content, content_type=entry["content_type"], status=200)
    if entry.get("language"):
        response.headers["Content-Language"] = entry["language"]
    response.headers["X-Portal-Cache"] = "hit"
    return response


class PageCache:
    """The pages of one namespace (``"cms"``, ``"catalogue"``), forgotten together by ``invalidate()``."""

    def __init__(self, namespace: str, vary: tuple[str, ...] = ()):
        self.namespace = namespace
        self.generation_key = f"{namespace}:generation"
        self.vary = vary  # request headers (META names) a response depends on, e.g. HTTP_ACCEPT for an API

    def invalidate(self) -> None:
        if enabled():
            portal_cache().set(self.generation_key, uuid.uuid4().hex, None)

    def generation(self, cache=None) -> str:
        cache = cache or portal_cache()
        generation = cache.get(self.generation_key)
        if generation is None:
            generation = uuid.uuid4().hex
            cache.add(self.generation_key, generation, None)
            generation = cache.get(self.generation_key) or generation
        return generation

    def key(self, request, generation: str) -> str:
        raw = f"{request.scheme}://{request.get_host()}|{request.get_full_path()}|{translation.get_language()}"
        raw += "".join(f"|{request.META.get(name, '')}" for name in self.vary)
        return f"{self.namespace}:page:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"

    def lookup(self, request) -> tuple[str, dict | None]:
        """(key, entry) for ``request``; entry is None on a miss."""
        cache = portal_cache()
        key = self.key(request, self.generation(cache))
        return key, cache.get(key)

    @staticmethod
    def store(key: str, response, extra: dict | None = None, timeout: int | None = None) -> None:
        if response.status_code != 200 or response.streaming or response.cookies:
            return  # errors, streams and responses setting their own cookies are never shared
        content = response.content.decode(response.charset or "utf-8")
        entry = {
            "content": _CSRF_RE.sub(lambda m: m.group(1) + CSRF_SENTINEL, content),
            "content_type": response.get("Content-Type", "text/html; charset=utf-8"),
            "language": response.get("Content-Language", ""),
            **(extra or {}),
        }
        portal_cache().set(key, entry, min(timeout or settings.CMS_CACHE_SECONDS, settings.CMS_CACHE_SECONDS))
        response.headers["X-Portal-Cache"] = "miss"

    def anonymous(self, view):
        """Decorator: serve ``view`` from this cache to anonymous visitors."""

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not cacheable(request):
                return view(request, *args, **kwargs)
            key, entry = self.lookup(request)
            if entry is not None:
                return response_from(entry, request)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            self.store(key, response)
            return response

        return wrapped
