"""Upload bombs (issue 14, items 3 and 4): refused from their headers, never decoded nor unpacked.

The tests do not time anything: they make decoding or unpacking fail loudly and assert it never happens.
"""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import ImageFile

from attachments.sample_files import DOCX_TYPES, upload
from egov.attachments.images import images_to_pdf, images_to_pdf_capped
from egov.attachments.isolation import run_capped
from egov.attachments.models import Attachment
from egov.attachments.services import store_upload

pytestmark = pytest.mark.django_db


def png_bomb(width: int = 12_000, height: int = 12_000) -> bytes:
    """A real PNG of ``width`` × ``height`` black pixels (grey, 8 bit): a few hundred KB on disk, 144 MB decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    compressor = zlib.compressobj(9)
    row = b"\0" * (width + 1)  # filter byte + pixels
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return png_bomb()


@pytest.fixture
def no_decoding(monkeypatch):
    """Any attempt to decode pixels fails the test."""

    def refuse(self, *args, **kwargs):
        raise AssertionError("an image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def test_the_bomb_is_small_on_disk_and_huge_decoded(bomb):
    assert len(bomb) < 1024 * 1024
    assert 12_000 * 12_000 > 100_000_000


def test_image_bomb_upload_is_refused_from_its_header_without_decoding(bomb, no_decoding):
    with pytest.raises(ValidationError) as caught:
        store_upload(upload("giay-to.png", bomb))
    assert caught.value.code == "too_many_pixels"
    assert "quá lớn" in caught.value.messages[0] and "giay-to.png" in caught.value.messages[0]
    assert not Attachment.objects.exists()


def test_image_bomb_is_refused_by_the_pdf_conversion_without_decoding(bomb, no_decoding):
    with pytest.raises(ValidationError) as caught:
        images_to_pdf([bomb])
    assert caught.value.code == "too_many_pixels"


def test_pixel_limit_is_a_setting(settings, no_decoding):
    from attachments.sample_files import image_bytes

    settings.UPLOAD_MAX_IMAGE_PIXELS = 100
    with pytest.raises(ValidationError) as caught:
        store_upload(upload("anh.png", image_bytes("PNG", size=(20, 20))))
    assert caught.value.code == "too_many_pixels"


def test_portal_refuses_a_bomb_photo_with_a_clear_message(bomb, no_decoding):
    from egov.services_portal.services import store_paper_files
    from factories import UserFactory

    with pytest.raises(ValidationError) as caught:
        store_paper_files([upload("cccd.png", bomb)], user=UserFactory())
    assert "điểm ảnh" in caught.value.messages[0]
    assert not Attachment.objects.exists()


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def test_conversion_runs_in_a_child_with_a_memory_cap():
    """Whatever a decoder does, the child cannot grow past the cap and the web process survives."""
    assert run_capped(_allocate, 8, memory_mb=256) == 8 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        run_capped(_allocate, 4096, memory_mb=64)
    assert caught.value.code == "conversion_failed"


def test_capped_conversion_gives_the_same_pdf_pages():
    from pypdf import PdfReader

    from attachments.sample_files import image_bytes

    pdf = images_to_pdf_capped([image_bytes("PNG"), image_bytes("JPEG")])
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2


def test_capped_conversion_passes_the_childs_refusal_on(bomb):
    with pytest.raises(ValidationError) as caught:
        images_to_pdf_capped([bomb])
    assert caught.value.code == "too_many_pixels"


# --- DOCX and other office bombs -----------------------------------------------------------------------------


def docx_bomb(unpacked_mb: int) -> bytes:
    """A DOCX whose word/document.xml is ``unpacked_mb`` MB of spaces inside one paragraph."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            entry.write(f'<w:document xmlns:w="{ns}"><w:body><w:p><w:r><w:t>'.encode())
            block = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                entry.write(block)
            entry.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


@pytest.fixture
def no_unpacking(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise AssertionError("an archive entry was read")

    monkeypatch.setattr(zipfile.ZipExtFile, "read", refuse)
    monkeypatch.setattr(zipfile.ZipExtFile, "read1", refuse)


def test_docx_bomb_upload_is_refused_before_unpacking(settings):
    data = docx_bomb(120)  # 120 MB of text in ~120 KB
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        store_upload(upload("du-thao.docx", data))
    assert caught.value.code == "unpacked_too_large"
    assert "giải nén" in caught.value.messages[0]
    assert not Attachment.objects.exists()


def test_docx_with_an_abnormal_ratio_is_refused_even_under_the_size_limit():
    with pytest.raises(ValidationError) as caught:
        store_upload(upload("du-thao.docx", docx_bomb(20)))  # 20 MB, ratio ~1000
    assert caught.value.code == "unpacked_too_large"


def test_text_extraction_does_not_unpack_a_bomb_that_got_in(settings, no_unpacking):
    """An attachment stored before the check (or by another path) is not unpacked by the extractor."""
    from django.core.files.base import ContentFile

    from egov.documents.textextract import DOCX, extract_text

    attachment = Attachment(original_name="b.docx", content_type=DOCX, size=1, sha256="0" * 64)
    attachment.file.save("b.docx", ContentFile(docx_bomb(120)), save=False)
    assert extract_text(attachment) == ""


def test_text_extraction_stops_at_the_text_limit(monkeypatch):
    from django.core.files.base import ContentFile

    from egov.documents import textextract

    monkeypatch.setattr(textextract, "MAX_CHARS", 50)
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = "".join(f"<w:p><w:r><w:t>doan {i:04d}</w:t></w:r></w:p>" for i in range(5000))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{paragraphs}</w:body></w:document>')
    attachment = Attachment(original_name="a.docx", content_type=textextract.DOCX, size=1, sha256="0" * 64)
    attachment.file.save("a.docx", ContentFile(out.getvalue()), save=False)
    seen = []
    real = textextract.etree.iterparse

    def counting(*args, **kwargs):
        for item in real(*args, **kwargs):
            seen.append(item)
            yield item

    monkeypatch.setattr(textextract.etree, "iterparse", counting)
    text = textextract.extract_text(attachment)
    assert text.startswith("doan 0000\ndoan 0001") and 40 <= len(text) <= 50
    assert len(seen) < 10  # stopped after the limit, not after 5000 paragraphs


def test_spreadsheet_import_refuses_a_zip_bomb_before_openpyxl(monkeypatch):
    from egov.procedures.io import xlsx_format

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a bomb")

    monkeypatch.setattr(xlsx_format, "load_workbook", refuse)

    class Issues:
        def __init__(self):
            self.items = []

        def add(self, where, message):
            self.items.append(message)

    issues = Issues()
    assert xlsx_format.read(docx_bomb(120), issues) == []
    assert issues.items
