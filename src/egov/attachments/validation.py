"""Checks an upload by its content before anything is stored: size, type, and that the file really opens."""

import hashlib
import logging
import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .filetypes import IMAGE_KINDS, KINDS, OFFICE_KINDS, FileKind, detect_kind, extension_of, kind_for_name

logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 255
MIB = 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    kind: FileKind
    size: int
    sha256: str
    page_count: int | None
    active_content: tuple[str, ...] = ()


def check_upload(file, *, allowed: frozenset[str]) -> CheckedUpload:
    """Validate ``file`` (a django ``File``); raise ``ValidationError`` with a Vietnamese message."""
    name = clean_name(file.name)
    max_bytes = settings.UPLOAD_MAX_BYTES
    declared_size = getattr(file, "size", None)
    if declared_size is not None and declared_size > max_bytes:
        raise _too_large(name, max_bytes)
    size, sha256 = _hash(file, name, max_bytes)
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng (0 byte)."), code="empty", params={"name": name})
    kind = _check_kind(file, name, allowed)
    page_count = _check_opens(file, name, kind)
    active = _active_content(file, name) if kind.key == "pdf" else ()
    return CheckedUpload(name=name, kind=kind, size=size, sha256=sha256, page_count=page_count, active_content=active)


def clean_name(raw: str | None) -> str:
    """The bare file name: no folders, no control characters, single spaces, at most 255 characters."""
    name = os.path.basename((raw or "").replace("\\", "/"))
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split())
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:16] if dot else ""
        name = f"{(stem if dot else name)[: MAX_NAME_LENGTH - len(ext) - 1]}{dot}{ext}"
    return name or "tep"


def format_size(size: int) -> str:
    if size >= MIB:
        value = size / MIB
        return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def _hash(file, name: str, max_bytes: int) -> tuple[int, str]:
    """Stream the file once: SHA-256 and the real size, in constant memory."""
    digest = hashlib.sha256()
    size = 0
    for chunk in file.chunks():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(name, max_bytes)
        digest.update(chunk)
    return size, digest.hexdigest()


def _too_large(name: str, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” vượt quá dung lượng tối đa %(max)s."),
        code="too_large",
        params={"name": name, "max": format_size(max_bytes)},
    )


def _check_kind(file, name: str, allowed: frozenset[str]) -> FileKind:
    kind = detect_kind(file)
    declared = kind_for_name(name)
    if declared is not None and kind != declared:
        raise _not_a(name, declared)
    if kind is None or kind.key not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s” có định dạng không được chấp nhận. Chỉ chấp nhận: %(allowed)s."),
            code="type_not_allowed",
            params={"name": name, "allowed": allowed_labels(allowed)},
        )
    ext = extension_of(name)
    if ext and ext not in kind.extensions:
        raise ValidationError(
            _("Phần mở rộng “.%(ext)s” của tệp “%(name)s” không khớp với nội dung tệp (%(label)s)."),
            code="extension_mismatch",
            params={"name": name, "ext": ext, "label": kind.label},
        )
    return kind


def allowed_labels(allowed) -> str:
    return ", ".join(kind.label for key, kind in KINDS.items() if key in allowed)


def _not_a(name: str, kind: FileKind) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” không phải là tệp %(label)s hợp lệ."),
        code="invalid_content",
        params={"name": name, "label": kind.label},
    )


def _check_opens(file, name: str, kind: FileKind) -> int | None:
    """Open PDFs and images for real: a right header on a broken body is refused. Returns the page count."""
    try:
        if kind.key == "pdf":
            return _pdf_page_count(file, name)
        if kind.key in IMAGE_KINDS:
            _verify_image(file, name)
        if kind.key in OFFICE_KINDS:
            _check_unpacked_size(file, name)
    except ValidationError:
        raise
    except Exception as exc:  # parsers raise many kinds of errors on bad input
        logger.info("Upload %r refused as invalid %s: %s", name, kind.key, exc)
        raise _not_a(name, kind)
    finally:
        file.seek(0)
    return None


def _active_content(file, name: str) -> tuple[str, ...]:
    from .activecontent import active_content

    try:
        found = active_content(file)
    finally:
        file.seek(0)
    if found:
        logger.warning("Upload %r holds active content: %s", name, ", ".join(found))
    return found


def _pdf_page_count(file, name: str) -> int | None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    file.seek(0)
    reader = PdfReader(file)
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                raise ValidationError(
                    _("Tệp “%(name)s” được đặt mật khẩu. Vui lòng gửi bản không đặt mật khẩu."),
                    code="encrypted",
                    params={"name": name},
                )
        except DependencyError:
            return None
    count = len(reader.pages)
    if count == 0:
        raise ValueError("PDF without pages")
    return count


def _verify_image(file, name: str) -> None:
    """Dimensions from the header first: an image with too many pixels is refused before any decoding."""
    from PIL import Image

    file.seek(0)
    try:
        with Image.open(file) as image:
            check_pixels(image, name)
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own limit (``AttachmentsConfig.ready`` sets it from the same setting) stopped the header.
        raise too_many_pixels(name, None)


def check_pixels(image, name: str) -> None:
    """Raise ``ValidationError`` when ``image`` (opened, not decoded) has more pixels than allowed."""
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    width, height = image.size
    if width * height > limit:
        raise too_many_pixels(name, (width, height))


def too_many_pixels(name: str, size) -> ValidationError:
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    params = {"name": name, "max": f"{limit / 1_000_000:g}".replace(".", ",")}
    if size is None:
        return ValidationError(
            _(
                "Ảnh “%(name)s” có kích thước quá lớn (tối đa %(max)s triệu điểm ảnh). "
                "Vui lòng chụp hoặc quét lại với độ phân giải thấp hơn."
            ),
            code="too_many_pixels",
            params=params,
        )
    return ValidationError(
        _(
            "Ảnh “%(name)s” có kích thước quá lớn (%(width)s × %(height)s điểm ảnh, tối đa %(max)s triệu điểm "
            "ảnh). Vui lòng chụp hoặc quét lại với độ phân giải thấp hơn."
        ),
        code="too_many_pixels",
        params={**params, "width": size[0], "height": size[1]},
    )


def _check_unpacked_size(file, name: str) -> None:
    """An office file is a zip: refuse it when its directory declares more than the unpacked limits."""
    import zipfile

    from .archives import ArchiveTooLarge, check_archive

    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            check_archive(archive)
    except ArchiveTooLarge as exc:
        logger.warning("Upload %r refused as a zip bomb: %s", name, exc)
        raise ValidationError(
            _(
                "Tệp “%(name)s” khi giải nén quá lớn hoặc có tỷ lệ nén bất thường (tối đa %(max)s sau giải nén). "
                "Vui lòng gửi tệp khác."
            ),
            code="unpacked_too_large",
            params={"name": name, "max": format_size(settings.UPLOAD_MAX_UNPACKED_BYTES)},
        )
