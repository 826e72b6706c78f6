"""Zip bombs: office files (DOCX, XLSX, ODT, ODS) are zip archives; their unpacked size is bounded by what the
archive's directory declares, checked before any entry is read.

``zipfile`` never returns more than an entry's declared size, so a check of the declared sizes and ratios
bounds every later read (text extraction, spreadsheet import). Readers also stream and stop early
(``bounded_open``).
"""

import zipfile

from django.conf import settings

MAX_ENTRIES = 10_000


class ArchiveTooLarge(ValueError):
    """The archive unpacks to more than the limits allow."""


def unpacked_limits() -> tuple[int, int]:
    return settings.UPLOAD_MAX_UNPACKED_BYTES, settings.UPLOAD_MAX_UNPACK_RATIO


def check_archive(archive: zipfile.ZipFile, *, max_total: int | None = None, max_ratio: int | None = None) -> int:
    """Raise ``ArchiveTooLarge`` when the declared unpacked size or an entry's ratio is over the limit.

    Returns the declared unpacked size. Reads only the central directory, never an entry.
    """
    default_total, default_ratio = unpacked_limits()
    max_total = default_total if max_total is None else max_total
    max_ratio = default_ratio if max_ratio is None else max_ratio
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ArchiveTooLarge(f"{len(infos)} entries")
    total = 0
    for info in infos:
        total += info.file_size
        if total > max_total:
            raise ArchiveTooLarge(f"unpacks to more than {max_total} bytes")
        # Small entries may compress very well (a run of spaces); the ratio matters from 1 MB up.
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ArchiveTooLarge(f"{info.filename}: ratio over {max_ratio}")
    return total


def check_zip_bytes(content: bytes) -> None:
    """``check_archive`` for an archive held in memory (spreadsheet imports call it before openpyxl)."""
    import io

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        check_archive(archive)


def bounded_open(archive: zipfile.ZipFile, name: str, *, max_bytes: int | None = None):
    """Open entry ``name`` after checking the whole archive; reads stop at ``max_bytes`` (default: the limit)."""
    check_archive(archive)
    info = archive.getinfo(name)
    limit = max_bytes if max_bytes is not None else unpacked_limits()[0]
    if info.file_size > limit:
        raise ArchiveTooLarge(f"{name}: {info.file_size} bytes")
    return _Limited(archive.open(info), limit)


class _Limited:
    """A read-only stream that refuses to go past ``limit`` bytes (whatever the archive declared)."""

    def __init__(self, stream, limit: int) -> None:
        self._stream = stream
        self._left = limit

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._left + 1
        data = self._stream.read(min(size, self._left + 1))
        self._left -= len(data)
        if self._left < 0:
            raise ArchiveTooLarge("entry larger than declared")
        return data

    def close(self) -> None:
        self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
