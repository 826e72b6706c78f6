"""The file types egov accepts, recognised from the content (magic bytes), never from the name."""

import re
import zipfile
from dataclasses import dataclass

import filetype

HEAD_BYTES = 8192
# Largest [Content_Types].xml or mimetype entry we read from an office file (guards against zip bombs).
MAX_MANIFEST_BYTES = 256 * 1024


@dataclass(frozen=True)
class FileKind:
    key: str
    mime: str
    extensions: tuple[str, ...]  # the first one is used when the file is stored
    label: str

    @property
    def extension(self) -> str:
        return self.extensions[0]


KINDS = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "application/pdf", ("pdf",), "PDF"),
        FileKind("jpeg", "image/jpeg", ("jpg", "jpeg", "jpe"), "JPEG"),
        FileKind("png", "image/png", ("png",), "PNG"),
        FileKind("tiff", "image/tiff", ("tif", "tiff"), "TIFF"),
        FileKind(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), "Word (DOCX)"
        ),
        FileKind(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "Excel (XLSX)"
        ),
        FileKind("odt", "application/vnd.oasis.opendocument.text", ("odt",), "OpenDocument (ODT)"),
        FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", ("ods",), "OpenDocument (ODS)"),
    )
}
IMAGE_KINDS = frozenset({"jpeg", "png", "tiff"})
OFFICE_KINDS = frozenset({"docx", "xlsx", "odt", "ods"})  # zip archives
DEFAULT_ALLOWED = frozenset(KINDS)
BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}
BY_MIME = {kind.mime: kind for kind in KINDS.values()}

# Main part content type of each OOXML kind, as written in [Content_Types].xml.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
CONTENT_TYPE_RE = re.compile(rb"""ContentType\s*=\s*["']([^"']+)["']""")
SIMPLE_MAGIC = {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png", "image/tiff": "tiff"}


def kind_for_name(name: str) -> FileKind | None:
    """The kind a file name claims by its extension (``None`` when the extension is unknown)."""
    return BY_EXTENSION.get(extension_of(name))


def extension_of(name: str) -> str:
    _, dot, ext = (name or "").rpartition(".")
    return ext.lower() if dot else ""


def resolve_kinds(allowed) -> frozenset[str]:
    """Kind keys from keys or MIME types (``None`` means every supported kind)."""
    if allowed is None:
        return DEFAULT_ALLOWED
    keys = set()
    for item in allowed:
        kind = KINDS.get(item) or BY_MIME.get(item)
        if kind is None:
            raise ValueError(f"Unknown file kind {item!r}")
        keys.add(kind.key)
    return frozenset(keys)


def detect_kind(file) -> FileKind | None:
    """Recognise ``file`` (a seekable binary file) by its content; ``None`` when it is not a supported kind."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if head.startswith(b"PK\x03\x04"):
        key = _zip_kind(file)
    else:
        guess = filetype.guess(head)
        key = SIMPLE_MAGIC.get(guess.mime) if guess else None
    file.seek(0)
    return KINDS.get(key) if key else None


def _zip_kind(file) -> str | None:
    """ODF names its type in the ``mimetype`` entry, OOXML in ``[Content_Types].xml``."""
    try:
        with zipfile.ZipFile(file) as archive:
            odf = _read_small(archive, "mimetype")
            if odf is not None:
                kind = BY_MIME.get(odf.strip().decode("ascii", "replace"))
                return kind.key if kind and kind.key in ("odt", "ods") else None
            manifest = _read_small(archive, "[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    if manifest is None:
        return None
    found = {OOXML_MAIN_PARTS.get(m.decode("ascii", "replace")) for m in CONTENT_TYPE_RE.findall(manifest)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_MANIFEST_BYTES:
        return None
    with archive.open(info) as entry:
        return entry.read(MAX_MANIFEST_BYTES + 1)[:MAX_MANIFEST_BYTES]
