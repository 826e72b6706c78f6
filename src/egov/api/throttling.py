"""Rate limits per partner: a DRF throttle keyed by the partner, counted in the default cache.

The limit is the partner's ``rate_limit`` (e.g. ``600/min``) or ``EGOV_API_PARTNER_RATE``, counted in a fixed
window by ``egov.core.throttle.hit`` (atomic, so concurrent workers never lose a count; shared between
processes and nodes when the default cache is Redis, ``EGOV_REDIS_URL``, else per web process). Staff sessions
and anonymous callers are not counted here. Over the limit the answer is 429 with ``Retry-After`` and a
Vietnamese ``detail`` (``egov.api.errors.exception_handler``).
"""

from django.conf import settings
from django.core import checks

from egov.core.throttle import AtomicRateThrottle

from .authentication import partner_of
from .models.partners import RATE_RE


class PartnerRateThrottle(AtomicRateThrottle):
    scope = "partner"

    def get_rate(self):
        return settings.API_PARTNER_RATE

    def allow_request(self, request, view):
        partner = partner_of(request)
        if partner is None:
            return True
        self.rate = partner.rate_limit or settings.API_PARTNER_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return f"drf:{self.scope}:{partner_of(request).pk}"


def check_partner_rate(app_configs=None, **kwargs):
    """System check: ``EGOV_API_PARTNER_RATE`` parses (else every partner call would fail)."""
    if RATE_RE.match(str(settings.API_PARTNER_RATE)):
        return []
    message = f"EGOV_API_PARTNER_RATE={settings.API_PARTNER_RATE!r} is not N/s, N/min, N/hour or N/day."
    return [checks.Error(message, hint="e.g. 600/min", id="egov.E130")]
