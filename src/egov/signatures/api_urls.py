"""Signature routes of REST API v1; mounted by ``egov.api.urls`` with ``path("", include(...))``."""

from django.urls import path

from .api import VerifyView

urlpatterns = [
    path("signatures/verify/", VerifyView.as_view(), name="signatures-verify"),
]
