"""Plain text of attached files, for the ``search_text`` column: PDF (pypdf) and DOCX (word/document.xml).

Extraction never fails a registration: an unreadable or unsupported file gives an empty string. A DOCX is a
zip: its declared unpacked size and ratios are checked before any entry is read (``attachments.archives``),
the XML is streamed, and reading stops as soon as ``MAX_CHARS`` of text are collected.
"""

import logging
import zipfile

from lxml import etree
from pypdf import PdfReader

from egov.attachments.archives import bounded_open

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000  # enough for the searchable body of any official document
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_text(attachment) -> str:
    reader = {PDF: _pdf_text, DOCX: _docx_text}.get(attachment.content_type)
    if reader is None:
        return ""
    try:
        with attachment.file.open("rb") as stream:
            return reader(stream)[:MAX_CHARS]
    except Exception:  # a damaged file must not block the clerk
        logger.warning("Could not extract text from attachment %s", attachment.pk, exc_info=True)
        return ""


def _pdf_text(stream) -> str:
    chunks, size = [], 0
    for page in PdfReader(stream).pages:
        text = page.extract_text() or ""
        chunks.append(text)
        size += len(text)
        if size >= MAX_CHARS:
            break
    return "\n".join(chunks)


def _docx_text(stream) -> str:
    with zipfile.ZipFile(stream) as archive, bounded_open(archive, "word/document.xml") as xml:
        paragraphs, size = [], 0
        parser = etree.iterparse(
            xml, events=("end",), tag=f"{_W}p", resolve_entities=False, no_network=True, huge_tree=False
        )
        for _event, element in parser:
            text = "".join(t.text or "" for t in element.iter(f"{_W}t"))
            paragraphs.append(text)
            size += len(text) + 1
            element.clear()
            while element.getprevious() is not None:  # drop the siblings already read: memory stays flat
                del element.getparent()[0]
            if size >= MAX_CHARS:
                break
        return "\n".join(paragraphs)
