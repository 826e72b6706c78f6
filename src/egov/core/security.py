"""Request guards in front of every view (docs/security.md).

``RequestGuardMiddleware``
  * refuses a path or query string holding a NUL character (400): PostgreSQL cannot compare text with
    NUL, so such a value would otherwise end as a ``DataError`` (500) in whichever lookup it reached;
  * caps the body of requests from visitors who are not signed in (413) at
    ``settings.ANONYMOUS_MAX_BODY_BYTES``: a view that takes a bigger anonymous body (a citizen's feedback
    with a file, a peer's edXML message) says so with ``@anonymous_body_limit(n)``. Signed-in users are
    bounded by Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` and the upload limits; the front server's
    ``client_max_body_size`` bounds everyone before Django reads anything.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

_BODY_LIMIT_ATTR = "egov_anonymous_body_limit"


FORM_MARGIN = 1024 * 1024  # the form fields and multipart framing around a file


def anonymous_body_limit(setting: str = "UPLOAD_MAX_BYTES"):
    """Let a view accept an anonymous body as large as ``settings.<setting>`` (plus the form around it)."""

    def decorate(view):
        setattr(view, _BODY_LIMIT_ATTR, setting)
        return view

    return decorate


def _limit_of(view) -> int:
    setting = getattr(view, _BODY_LIMIT_ATTR, None)
    if setting:
        return getattr(settings, setting) + FORM_MARGIN
    return settings.ANONYMOUS_MAX_BODY_BYTES


def _refuse(request, status: int, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return _refuse(request, 400, _("Địa chỉ yêu cầu chứa ký tự không hợp lệ."))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, _("Độ dài nội dung không hợp lệ."))
        if length > _limit_of(view_func):
            return _refuse(request, 413, _("Nội dung gửi lên quá lớn."))
        return None
