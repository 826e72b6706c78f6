"""Errors under ``/api/`` answer JSON, like the API's own refusals; elsewhere Django's HTML pages.

One error shape for the whole API: every 4xx answer has a Vietnamese ``detail``; field errors, when there are
any, are under ``errors`` (``{"detail": "...", "errors": {"field": ["..."]}}``)."""

import math

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
    return defaults.page_not_found(request, exception)


class ErrorSerializer(serializers.Serializer):
    """The body of a refused request (documented on the operations that refuse with 400)."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


def error_body(errors, detail: str | None = None) -> dict:
    """``{"detail", "errors"}`` from a serializer's/form's errors (a dict, a list or a string)."""
    if isinstance(errors, dict):
        errors = {
            str(field): [str(m) for m in (v if isinstance(v, list | tuple) else [v])] for field, v in errors.items()
        }
        general = errors.pop("non_field_errors", []) + errors.pop("__all__", [])
    else:
        general, errors = [str(m) for m in (errors if isinstance(errors, list | tuple) else [errors])], {}
    body = {"detail": detail or " ".join(general) or _("Dữ liệu gửi lên chưa hợp lệ.")}
    if errors:
        body["errors"] = errors
    return body


def exception_handler(exc, context):
    """DRF's handler, then ``detail`` added to the 4xx bodies that lack it (serializer and filter errors); a
    429 says in Vietnamese when to try again (``Retry-After`` carries the same seconds)."""
    response = drf_exception_handler(exc, context)
    if response is not None and _throttled_by_a_throttle(exc):
        message = _("Quá nhiều yêu cầu. Vui lòng thử lại sau %(seconds)d giây.")
        response.data = {"detail": message % {"seconds": max(1, math.ceil(exc.wait))}}
    if response is not None and 400 <= response.status_code < 500:
        data = response.data
        if not (isinstance(data, dict) and isinstance(data.get("detail"), str)):
            response.data = error_body(data)
    return response


def _throttled_by_a_throttle(exc) -> bool:
    """DRF's own 429 (a throttle class, English text); views that raise ``Throttled`` with their own
    Vietnamese text keep it."""
    return (
        isinstance(exc, exceptions.Throttled)
        and exc.wait is not None
        and str(exc.detail).startswith(str(exceptions.Throttled.default_detail))
    )
