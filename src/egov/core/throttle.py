"""Request counting per key on the default cache: a small fixed-window throttle for anonymous writes.

``hit(key, limit, window)`` counts one request for ``key`` and says whether it is still within ``limit``
requests in the ``window`` seconds that started with the key's first request. The count is one atomic step:
on Redis (``EGOV_REDIS_URL``) a ``SET NX EX`` and an ``INCR`` in one MULTI/EXEC, so every web process and node
shares the counter and a window always ends; on the embedded default cache (per web process) ``add`` then
``incr``, so with several workers an address may get ``limit`` per worker and the front server's ``limit_req``
stays the first wall (docs/security.md). Sign-in and look-up lock-outs are counted in the database
(``accounts.throttle``). ``AtomicRateThrottle`` puts the same counter under Django REST framework's throttles.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from rest_framework.throttling import SimpleRateThrottle

PREFIX = "egov-throttle:"


def hit(key: str, limit: int, window: int) -> bool:
    """Count one request for ``key``; False once more than ``limit`` were counted in the current window."""
    if limit <= 0:
        return True  # 0 turns the throttle off
    return count(key, window) <= limit


def count(key: str, window: int, backend=None) -> int:
    """Add one to ``key``'s counter in the current window of ``window`` seconds and return the new count."""
    backend = backend or cache
    cache_key = PREFIX + key
    if isinstance(backend, RedisCache):
        return _redis_count(backend, cache_key, window)
    if backend.add(cache_key, 1, timeout=window):
        return 1
    try:
        return backend.incr(cache_key)
    except ValueError:  # expired between add and incr: a new window starts
        backend.add(cache_key, 1, timeout=window)
        return 1


def _redis_count(backend: RedisCache, cache_key: str, window: int) -> int:
    """One MULTI/EXEC: start the window if the key is absent (with its expiry), then INCR. Django's own
    ``incr`` checks ``EXISTS`` first, and a key expiring between the two would be re-created without an expiry:
    an address locked out for good."""
    key = backend.make_and_validate_key(cache_key)
    pipe = backend._cache.get_client(key, write=True).pipeline(transaction=True)
    pipe.set(key, 0, ex=max(int(window), 1), nx=True)
    pipe.incr(key)
    return int(pipe.execute()[1])


class AtomicRateThrottle(SimpleRateThrottle):
    """DRF throttle on ``hit``'s atomic fixed window instead of DRF's read-modify-write history list, which two
    processes updating at once may both overwrite (one request each uncounted). Subclasses set ``scope`` and
    ``rate`` (``"60/min"``); the key is the scope and the client address (``accounts.throttle.client_ip``)."""

    def get_cache_key(self, request, view):
        from egov.accounts.throttle import client_ip

        return f"drf:{self.scope}:{client_ip(request) or 'unknown'}"

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        return hit(key, self.num_requests, self.duration)

    def wait(self):
        return self.duration


def per_address(scope: str, limit_setting: str, window_setting: str):
    """View decorator: at most ``settings.<limit_setting>`` requests per client address (REMOTE_ADDR, or the
    proxy's right-most ``X-Forwarded-For`` with ``EGOV_BEHIND_PROXY``) per ``settings.<window_setting>``
    seconds; over it the view is not called and the answer is a short 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from egov.accounts.throttle import client_ip

            address = client_ip(request) or "unknown"
            limit, window = getattr(settings, limit_setting), getattr(settings, window_setting)
            if not hit(f"{scope}:{address}", limit, window):
                response = HttpResponse("Too many requests\n", status=429, content_type="text/plain; charset=utf-8")
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
