"""Errors under ``/api/`` answer JSON, like the API's own refusals; elsewhere Django's HTML pages."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
    return defaults.page_not_found(request, exception)
