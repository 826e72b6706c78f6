"""``{% load attachments %}``: the one way pages link to a stored file.

``{% file_link attachment %}`` renders the download link (``Attachment.get_absolute_url``), the size, and for
a file with active content (a PDF with scripts, launch actions or embedded files) a warning next to it; a PDF
or image without active content also gets a "view" link (``get_view_url``). ``{% file_url attachment %}`` /
``{% file_view_url attachment %}`` give the bare addresses for pages that lay the link out themselves.
"""

from django import template

from ..responses import may_show_inline
from ..validation import format_size

register = template.Library()


@register.inclusion_tag("attachments/file_link.html")
def file_link(attachment, label=None, show_view=True):
    return {
        "attachment": attachment,
        "label": label or attachment.original_name,
        "size": format_size(attachment.size),
        "viewable": show_view and may_show_inline(attachment),
    }


@register.simple_tag
def file_url(attachment) -> str:
    return attachment.get_absolute_url()


@register.simple_tag
def file_view_url(attachment) -> str:
    """The address that shows the file in the page when it may be, else the download address."""
    return attachment.get_view_url() if may_show_inline(attachment) else attachment.get_absolute_url()
