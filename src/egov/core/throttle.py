"""Request counting per key on the default cache: a small fixed-window throttle for anonymous writes.

``hit(key, limit, window)`` counts one request for ``key`` and says whether it is still within ``limit``
requests in the ``window`` seconds that started with the key's first request. The default cache is kept per
web process (``CACHES`` in settings), so with several workers an address may get ``limit`` per worker: the
front server's ``limit_req`` stays the first wall (docs/security.md). Sign-in and look-up lock-outs, which must
hold across workers, are counted in the database instead (``accounts.throttle``).
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

PREFIX = "egov-throttle:"


def hit(key: str, limit: int, window: int) -> bool:
    """Count one request for ``key``; False once more than ``limit`` were counted in the current window."""
    if limit <= 0:
        return True  # 0 turns the throttle off
    cache_key = PREFIX + key
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit


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
