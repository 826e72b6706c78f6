"""Wagtail's front-end routes with its page view replaced by ``serve_page`` (cache + view counter).

Keeps Wagtail's url name ``wagtail_serve``, which Wagtail reverses to build page urls.
"""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from .views.pages import serve_page

urlpatterns = [p for p in wagtail_urls.urlpatterns if getattr(p, "name", "") != "wagtail_serve"]
urlpatterns.append(re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve"))
