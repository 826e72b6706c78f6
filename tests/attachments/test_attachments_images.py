import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from attachments.sample_files import image_bytes, upload
from egov.attachments.images import images_to_pdf
from egov.attachments.services import store_upload

A4_PORTRAIT = (595.28, 841.89)


def pages_of(pdf: bytes):
    return [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def test_each_image_becomes_an_a4_page_in_its_orientation():
    pdf = images_to_pdf([image_bytes("JPEG", size=(300, 400)), image_bytes("PNG", size=(400, 300))])
    assert pages_of(pdf) == [A4_PORTRAIT, A4_PORTRAIT[::-1]]


@pytest.mark.django_db
def test_attachments_and_files_are_accepted():
    attachment = store_upload(upload("anh.png", image_bytes("PNG", mode="RGBA")))
    pdf = images_to_pdf([attachment, ContentFile(image_bytes("JPEG"), name="b.jpg")])
    assert len(pages_of(pdf)) == 2


def test_multi_page_tiff_gives_one_page_per_frame():
    out = io.BytesIO()
    frames = [Image.new("L", (50, 70), shade) for shade in (0, 128, 255)]
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    assert len(pages_of(images_to_pdf([out.getvalue()]))) == 3


def test_exif_rotation_is_applied():
    """A phone photo stored landscape with 'rotate 90' in EXIF comes out as a portrait page."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW
    photo = image_bytes("JPEG", size=(400, 300), exif=exif.tobytes())
    assert pages_of(images_to_pdf([photo])) == [A4_PORTRAIT]


def test_non_images_are_refused():
    with pytest.raises(ValidationError, match="Tệp “x.pdf” không phải là ảnh hợp lệ."):
        images_to_pdf([ContentFile(b"%PDF-1.4 not an image", name="x.pdf")])
    with pytest.raises(ValidationError, match="Chưa có ảnh nào"):
        images_to_pdf([])
