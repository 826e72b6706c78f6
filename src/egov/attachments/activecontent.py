"""Active content in PDFs: scripts, launch actions and embedded files a viewer may run or open.

Such a PDF is still accepted (official documents sometimes carry form scripts), but it is flagged at upload,
always served as a download (never shown in the browser) and staff see a warning next to it.

Two passes, both bounded: the raw bytes (names may be written with ``#xx`` escapes) and the object tree as
pypdf reads it (which also sees inside compressed object streams).
"""

import logging
import re

logger = logging.getLogger(__name__)

# PDF names that make a file active. /OpenAction and /AA are only actions: they are active when they run
# JavaScript or launch something, which the names below already catch.
ACTIVE_NAMES = {
    "JavaScript": "JavaScript",
    "JS": "JavaScript",
    "Launch": "Launch",
    "EmbeddedFile": "EmbeddedFile",
    "EmbeddedFiles": "EmbeddedFile",
    "RichMedia": "RichMedia",
}
NAME_RE = re.compile(rb"/([A-Za-z0-9#]{2,40})")
HEX_RE = re.compile(r"#([0-9A-Fa-f]{2})")
MAX_OBJECTS = 200_000  # nodes visited in the object tree; a hostile file cannot make the walk endless


def _decode_name(raw: bytes) -> str:
    return HEX_RE.sub(lambda m: chr(int(m.group(1), 16)), raw.decode("latin-1"))


def active_content(file) -> tuple[str, ...]:
    """The kinds of active content in a PDF (``file``: a seekable binary file), sorted; ``()`` when none."""
    found: set[str] = set()
    file.seek(0)
    tail = b""
    while chunk := file.read(1024 * 1024):
        data = tail + chunk
        for raw in NAME_RE.findall(data):
            kind = ACTIVE_NAMES.get(_decode_name(raw))
            if kind:
                found.add(kind)
        tail = data[-64:]
    try:
        found |= _walk(file)
    except Exception as exc:  # a damaged tree: the raw pass has run, the upload check decides on validity
        logger.info("PDF object walk stopped: %s", exc)
    file.seek(0)
    return tuple(sorted(found))


def _walk(file) -> set[str]:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    file.seek(0)
    reader = PdfReader(file, strict=False)
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack and visited < MAX_OBJECTS:
        node = stack.pop()
        visited += 1
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                kind = ACTIVE_NAMES.get(str(name).lstrip("/"))
                if kind:
                    found.add(kind)
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, NameObject):
            kind = ACTIVE_NAMES.get(str(node).lstrip("/"))
            if kind:
                found.add(kind)
    return found
