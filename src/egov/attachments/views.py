"""Downloading a stored file, for users whose scope includes it."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Attachment

# Types a browser may show in the page instead of saving; everything else is always a download.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


@require_GET
def download(request, pk: int):
    """Stream the file; 404 when the user may not see it (so its existence is not revealed)."""
    attachment = get_object_or_404(Attachment.objects.for_user(request.user), pk=pk)
    inline = request.GET.get("xem") == "1" and attachment.content_type in INLINE_TYPES
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=download_name(attachment),
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    if inline:  # shown inside our own pages (a document's viewer): framable by this site only
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def download_name(attachment: Attachment) -> str:
    """The uploader's name, with the stored extension added when the name lacks it."""
    name = attachment.original_name
    if not name.lower().endswith(f".{attachment.extension}"):
        name = f"{name}.{attachment.extension}"
    return name
