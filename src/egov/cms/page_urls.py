"""Wagtail's front-end routes with its page view replaced by ``serve_page`` (cache + view counter).

Keeps Wagtail's url name ``wagtail_serve``, which Wagtail reverses to build page urls. With the file
storage, the portal's images (Wagtail's ``original_images/`` and ``images/`` folders, public by nature)
are served from the media folder; nothing else there is: attachments go through their scoped downloads.
Behind a web server, let it serve those two folders instead.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls

from .views.pages import serve_page


def portal_image(request, path: str):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = []
if settings.STORAGE_BACKEND == "file":
    urlpatterns.append(
        re_path(r"^media/(?P<path>(?:original_images|images)/[^/]+)$", portal_image, name="portal-image")
    )
urlpatterns += [p for p in wagtail_urls.urlpatterns if getattr(p, "name", "") != "wagtail_serve"]
urlpatterns.append(re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve"))
