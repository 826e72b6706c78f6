"""The one way a stored file is sent to a browser: every download view of every app builds its response here."""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

# Types a browser may show in the page instead of saving; everything else is always a download.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def download_name(attachment) -> str:
    """The uploader's name, with the stored extension added when the name lacks it."""
    name = attachment.original_name
    if not name.lower().endswith(f".{attachment.extension}"):
        name = f"{name}.{attachment.extension}"
    return name


def may_show_inline(attachment) -> bool:
    """PDF and images without active content may be shown in the page; a flagged PDF never is."""
    return attachment.content_type in INLINE_TYPES and not attachment.active_content


def accel_redirect_response(attachment, *, inline: bool) -> HttpResponse | None:
    """With ``EGOV_ACCEL_REDIRECT_PREFIX`` (e.g. ``/_protected/``) and files on the local disk: an empty answer
    whose ``X-Accel-Redirect`` tells nginx to send the file itself from its ``internal`` location
    (deploy/nginx/egov.conf); None otherwise, and Django sends the bytes. The caller has checked the permission.
    """
    prefix = getattr(settings, "ACCEL_REDIRECT_PREFIX", "")
    if not prefix or not isinstance(attachment.file.storage, FileSystemStorage):
        return None
    response = HttpResponse(content_type=attachment.content_type)
    response["X-Accel-Redirect"] = f"/{prefix.strip('/')}/{quote(attachment.file.name, safe='/')}"
    response["Content-Disposition"] = content_disposition_header(not inline, download_name(attachment))
    return response


def file_response(attachment, *, inline: bool = False, cache: str = "private, no-store") -> HttpResponse:
    """Stream ``attachment``; ``inline`` is a wish, granted only when ``may_show_inline``.

    Every file is sent with ``X-Content-Type-Options: nosniff``; a file with active content also gets
    ``Content-Security-Policy: sandbox`` so that, even opened from the downloads bar, it runs no script in
    the site's origin.
    """
    inline = inline and may_show_inline(attachment)
    if redirect := presigned_redirect(attachment, inline=inline, cache=cache):
        return redirect
    response = accel_redirect_response(attachment, inline=inline) or FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=download_name(attachment),
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    if inline:  # shown inside our own pages (a document's viewer): framable by this site only
        response["X-Frame-Options"] = "SAMEORIGIN"
    if attachment.active_content:
        response["Content-Security-Policy"] = "sandbox"
    return response


def presigned_redirect(attachment, *, inline: bool, cache: str) -> HttpResponseRedirect | None:
    """With S3 storage and ``EGOV_S3_DOWNLOADS=redirect``: a 302 to a pre-signed URL of the object, valid
    ``EGOV_S3_URL_EXPIRY_SECONDS``, asking S3 to answer with our name, type and Cache-Control. The caller has
    checked the permission already. None (stream it) for a file shown in the page (framed by our pages only) or
    with active content: S3 cannot send the ``Content-Security-Policy: sandbox`` such a file needs."""
    if settings.S3_DOWNLOADS != "redirect" or inline or attachment.active_content:
        return None
    storage = attachment.file.storage
    if not getattr(storage, "bucket_name", None):  # not django-storages' S3Storage
        return None
    url = storage.url(
        attachment.file.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, download_name(attachment)),
            "ResponseContentType": attachment.content_type,
            "ResponseCacheControl": cache,
        },
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"  # the address expires: never keep the redirect
    response["Referrer-Policy"] = "no-referrer"
    return response
