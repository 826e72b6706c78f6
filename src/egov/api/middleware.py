"""Every call a partner makes with a token is logged (``ApiCall``): partner, method, path, status, duration.

The middleware times the whole request; DRF sets ``request.user`` to the partner's principal when the token
authenticated, so refusals after authentication (403 scope, 404, 429) are logged too. Calls whose token was
refused (401) have no partner: they are not ``ApiCall`` rows.
"""

import logging
import time

from django.utils import timezone

from egov.core.middleware import current_request_id

from .errors import API_PREFIX

logger = logging.getLogger("egov.api")


class ApiCallLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_partner", False):
            try:
                _log(request, user.partner, response.status_code, time.monotonic() - started)
            except Exception:  # the answer must still reach the partner
                logger.exception("could not log a partner API call")
        return response


def _log(request, partner, status: int, seconds: float) -> None:
    from egov.accounts.throttle import client_ip

    from .models import ApiCall

    ApiCall.objects.create(
        partner=partner,
        at=timezone.now(),
        method=request.method[:10],
        path=request.path[:255],
        status=status,
        duration_ms=round(seconds * 1000),
        ip_address=client_ip(request),
        request_id=(getattr(request, "id", "") or current_request_id())[:64],
    )
