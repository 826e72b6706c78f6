"""Content-Security-Policy and Permissions-Policy on every response (docs/security.md).

Django 5.2 has no CSP of its own. ``SecurityHeadersMiddleware`` gives each request a fresh nonce
(``request.csp_nonce``, for a ``<script nonce>`` or ``<style nonce>`` a template really needs) and sends a
strict policy: only this site's scripts, styles, images (and ``data:`` images), frames and form targets.

Form targets also include the origins of the payment gateway (VNPay) and of the OIDC provider: a form
posted here may be answered with a redirect there, and browsers apply ``form-action`` to that redirect.

The Wagtail admin (``/quan-tri/cms/``) and the Django admin (``/django-admin/``) use inline scripts and
styles of their own: under those paths the policy allows ``'unsafe-inline'`` for scripts and styles (and
``blob:`` images for Wagtail's image previews); everything else stays as strict.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings

RELAXED_PREFIXES = ("/quan-tri/cms/", "/django-admin/")


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return ""


def form_targets() -> list[str]:
    """Origins besides 'self' that a form may be sent (or redirected) to."""
    urls = [settings.OIDC_OP_AUTHORIZATION_ENDPOINT] if settings.OIDC_ENABLED else []
    if settings.PAYMENT_GATEWAY == "vnpay":
        urls.append(settings.VNPAY_PAY_URL)
    return sorted({origin for origin in map(_origin, urls) if origin})


def content_security_policy(nonce: str, path: str) -> str:
    relaxed = path.startswith(RELAXED_PREFIXES)
    inline = " 'unsafe-inline'" if relaxed else f" 'nonce-{nonce}'"
    directives = {
        "default-src": "'self'",
        "script-src": "'self'" + inline,
        "style-src": "'self'" + inline,
        "img-src": "'self' data:" + (" blob:" if relaxed else ""),
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "frame-src": "'self'",
        "frame-ancestors": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": " ".join(["'self'", *form_targets()]),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        # A PDF (the document viewer frames them) is shown by the browser's PDF viewer, which a policy with
        # object-src 'none' on the PDF's own response can block: PDFs go without one.
        is_pdf = response.get("Content-Type", "").startswith("application/pdf")
        if "Content-Security-Policy" not in response and not is_pdf:
            response["Content-Security-Policy"] = content_security_policy(request.csp_nonce, request.path)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
