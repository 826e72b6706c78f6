"""Downloading a stored file, for users who may read an object that holds it (``access``)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .access import own_unheld_upload, readable_owners
from .models import Attachment
from .responses import INLINE_TYPES, download_name, file_response
from .signals import file_downloaded

__all__ = ["INLINE_TYPES", "download", "download_name"]


@require_GET
def download(request, token):
    """Stream the file; 404 when the user may not read it (so its existence is not revealed)."""
    attachment = get_object_or_404(Attachment, token=token)
    owners = readable_owners(request.user, attachment)
    if not owners and not own_unheld_upload(request.user, attachment):
        raise Http404
    file_downloaded.send(sender=Attachment, request=request, attachment=attachment, owners=owners)
    return file_response(attachment, inline=request.GET.get("xem") == "1")
