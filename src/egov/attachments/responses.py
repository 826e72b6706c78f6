"""The one way a stored file is sent to a browser: every download view of every app builds its response here."""

from django.http import FileResponse

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


def file_response(attachment, *, inline: bool = False, cache: str = "private, no-store") -> FileResponse:
    """Stream ``attachment``; ``inline`` is a wish, granted only when ``may_show_inline``.

    Every file is sent with ``X-Content-Type-Options: nosniff``; a file with active content also gets
    ``Content-Security-Policy: sandbox`` so that, even opened from the downloads bar, it runs no script in
    the site's origin.
    """
    inline = inline and may_show_inline(attachment)
    response = FileResponse(
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
