"""Photos and scans to one PDF: each image on its own A4 page, upright, scaled to fit."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, ImageSequence
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from .validation import check_pixels, too_many_pixels

MARGIN = 10 * mm
DPI = 200  # enough to read a photographed paper; keeps a page at a few hundred KB
JPEG_QUALITY = 85
MAX_FRAMES = 200  # pages of one multi-page scan


def images_to_pdf(images) -> bytes:
    """One PDF from images: ``Attachment`` objects, django ``File`` objects, open binary files or bytes.

    Multi-page TIFF scans give one page per frame. Raises ``ValidationError`` if an item is not an image.
    """
    images = list(images)
    if not images:
        raise ValidationError(_("Chưa có ảnh nào để chuyển thành PDF."), code="no_images")
    output = io.BytesIO()
    pdf = canvas.Canvas(output, pagesize=A4, pageCompression=1)
    pdf.setTitle("egov")
    for item in images:
        for frame in _frames(item):
            _draw_page(pdf, frame)
    pdf.save()
    return output.getvalue()


def images_to_pdf_capped(images) -> bytes:
    """``images_to_pdf`` in a memory-capped child process (``isolation.run_capped``): uploads use this."""
    from .isolation import run_capped

    return run_capped(images_to_pdf, list(images))


def _frames(item):
    """Each frame, decoded only after its header said it is within the pixel limit."""
    name, opened = _open(item)
    try:
        with Image.open(opened) as image:
            for count, frame in enumerate(ImageSequence.Iterator(image), 1):
                if count > MAX_FRAMES:
                    raise ValidationError(
                        _("Tệp “%(name)s” có quá nhiều trang (tối đa %(max)s)."),
                        code="too_many_frames",
                        params={"name": name, "max": MAX_FRAMES},
                    )
                check_pixels(frame, name)
                yield ImageOps.exif_transpose(frame.copy())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels(name, None)
    except (OSError, ValueError):
        raise ValidationError(_("Tệp “%(name)s” không phải là ảnh hợp lệ."), code="not_an_image", params={"name": name})
    finally:
        if opened is not item:
            opened.close()


def _open(item):
    """A readable binary file for ``item`` and a name to show in messages."""
    if isinstance(item, bytes | bytearray):
        return "ảnh", io.BytesIO(item)
    field = getattr(item, "file", None)
    if hasattr(item, "original_name") and field is not None:  # an Attachment
        return item.original_name, field.storage.open(field.name, "rb")
    if hasattr(item, "seek"):
        item.seek(0)
    return getattr(item, "name", None) or "ảnh", item


def _draw_page(pdf: canvas.Canvas, image: Image.Image) -> None:
    page = landscape(A4) if image.width > image.height else A4
    box_w, box_h = page[0] - 2 * MARGIN, page[1] - 2 * MARGIN
    scale = min(box_w / image.width, box_h / image.height)
    draw_w, draw_h = image.width * scale, image.height * scale
    pdf.setPageSize(page)
    pdf.drawImage(_as_jpeg(image, draw_w, draw_h), (page[0] - draw_w) / 2, (page[1] - draw_h) / 2, draw_w, draw_h)
    pdf.showPage()


def _as_jpeg(image: Image.Image, draw_w: float, draw_h: float) -> ImageReader:
    """Downscale to DPI at the drawn size and encode as JPEG, which reportlab embeds as is."""
    max_px = (max(1, round(draw_w / 72 * DPI)), max(1, round(draw_h / 72 * DPI)))
    image = _flatten(image)
    image.thumbnail(max_px, Image.Resampling.LANCZOS)
    data = io.BytesIO()
    image.save(data, "JPEG", quality=JPEG_QUALITY, optimize=True)
    data.seek(0)
    return ImageReader(data)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB (or grayscale) on white: transparency and palettes do not survive JPEG."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
