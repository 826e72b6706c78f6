"""Failed sign-in throttling, kept in the database (``LoginFailure``) so that every web node agrees.

After ``settings.LOGIN_MAX_FAILURES`` failures for one username (any letter case) or from one address
within ``settings.LOGIN_FAILURE_WINDOW_SECONDS``, further attempts are refused until enough of those
failures have aged out of the window, even with the right password. A successful sign-in clears the
username's failures.
"""

import ipaddress
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the address it appended.

    ``X-Forwarded-For`` is only read when the site declares a proxy (``SECURE_PROXY_SSL_HEADER`` set),
    and then its right-most entry is used: that is the one our proxy wrote; entries to its left come
    from the client and can be forged.
    """
    if request is None:
        return None
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded and (address := _valid_ip(forwarded[-1])):
            return address
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def _window_start(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _unlocks_at(queryset, now: datetime) -> datetime | None:
    """When the failures in ``queryset`` drop below the limit again, or None if they already are."""
    limit = settings.LOGIN_MAX_FAILURES
    times = list(queryset.filter(at__gte=_window_start(now)).order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return None
    # The oldest of the latest ``limit`` failures leaves the window first and frees one attempt.
    return times[-1] + timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def locked_until(username: str, ip: str | None, now: datetime | None = None) -> datetime | None:
    """The time when ``username`` from ``ip`` may try again, or None when an attempt is allowed now."""
    now = now or timezone.now()
    times = [_unlocks_at(LoginFailure.objects.filter(username__iexact=username), now)]
    if ip:
        times.append(_unlocks_at(LoginFailure.objects.filter(ip_address=ip), now))
    times = [t for t in times if t is not None and t > now]
    return max(times) if times else None


def record_failure(username: str, ip: str | None) -> LoginFailure:
    """Remember one failed attempt; failures that left the window are deleted on the way."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=_window_start(now)).delete()
    return LoginFailure.objects.create(username=username[:150], ip_address=ip)


def clear_failures(username: str) -> None:
    """Forget the failures of ``username`` (after a successful sign-in)."""
    LoginFailure.objects.filter(username__iexact=username).delete()
