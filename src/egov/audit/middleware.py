"""Every 403 answer goes to the security log (``security.PERMISSION_DENIED``)."""

import logging

from . import security

logger = logging.getLogger("egov.security")


class SecurityLogMiddleware:
    """Records refusals after the view (and CSRF check) answered; placed after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            try:
                security.record(security.PERMISSION_DENIED, request, method=request.method)
            except Exception:  # the refusal itself must still reach the client
                logger.exception("could not record a permission refusal")
        return response
