"""Plain text of attached files, for the ``search_text`` column: PDF (pypdf) and DOCX (word/document.xml).

Extraction never fails a registration: an unreadable or unsupported file gives an empty string.
"""

import logging
import zipfile

from lxml import etree
from pypdf import PdfReader

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
    with zipfile.ZipFile(stream) as archive, archive.open("word/document.xml") as xml:
        paragraphs = []
        for _event, element in etree.iterparse(xml, events=("end",), tag=f"{_W}p", resolve_entities=False):
            paragraphs.append("".join(t.text or "" for t in element.iter(f"{_W}t")))
            element.clear()
        return "\n".join(paragraphs)
