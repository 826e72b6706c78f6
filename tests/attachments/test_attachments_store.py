import hashlib
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError

from attachments.sample_files import (
    DOCX_TYPES,
    docx_bytes,
    image_bytes,
    ods_bytes,
    odt_bytes,
    pdf_bytes,
    upload,
    xlsx_bytes,
    zip_bytes,
)
from egov.attachments.models import Attachment
from egov.attachments.services import store_upload
from egov.attachments.validation import format_size

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def message_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.mark.parametrize(
    ("name", "make", "mime", "ext"),
    [
        ("Đơn đề nghị.pdf", pdf_bytes, "application/pdf", "pdf"),
        ("anh-chup.png", image_bytes, "image/png", "png"),
        ("IMG_0001.JPG", lambda: image_bytes("JPEG"), "image/jpeg", "jpg"),
        ("scan.tiff", lambda: image_bytes("TIFF"), "image/tiff", "tif"),
        (
            "to-trinh.docx",
            docx_bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        ("bang-ke.xlsx", xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ("bao-cao.odt", odt_bytes, "application/vnd.oasis.opendocument.text", "odt"),
        ("khong-co-duoi", pdf_bytes, "application/pdf", "pdf"),
        ("bang.ods", ods_bytes, "application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ],
)
def test_good_files_are_stored_with_their_hash(settings, name, make, mime, ext):
    data = make()
    attachment = store_upload(upload(name, data))

    attachment.refresh_from_db()
    sha256 = hashlib.sha256(data).hexdigest()
    assert attachment.sha256 == sha256
    assert attachment.size == len(data)
    assert attachment.content_type == mime
    assert attachment.original_name == name
    assert re.fullmatch(rf"attachments/\d{{4}}/\d{{2}}/{sha256[:2]}/[0-9a-f]{{32}}\.{ext}", attachment.file.name)
    with attachment.file.open("rb") as stored:
        assert stored.read() == data


def test_pdf_page_count_is_recorded():
    attachment = store_upload(upload("ho-so.pdf", pdf_bytes(pages=3)))
    assert attachment.page_count == 3
    assert store_upload(upload("anh.png", image_bytes())).page_count is None


def test_uploader_and_agency_are_recorded():
    from factories import AgencyFactory, UserFactory

    user, agency = UserFactory(), AgencyFactory()
    attachment = store_upload(upload("a.pdf", pdf_bytes()), uploaded_by=user, agency=agency)
    assert (attachment.uploaded_by, attachment.agency) == (user, agency)


def test_plain_django_files_are_accepted():
    data = pdf_bytes()
    attachment = store_upload(ContentFile(data, name="van-ban.pdf"))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
DOCM = zip_bytes(
    {
        "[Content_Types].xml": DOCX_TYPES.replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        ),
        "word/document.xml": "<w/>",
    }
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("giay-to.pdf", EXE, "Tệp “giay-to.pdf” không phải là tệp PDF hợp lệ."),
        ("giay-to.pdf", HTML, "Tệp “giay-to.pdf” không phải là tệp PDF hợp lệ."),
        ("trang.html", HTML, "Tệp “trang.html” có định dạng không được chấp nhận. Chỉ chấp nhận: PDF, JPEG"),
        ("setup.exe", EXE, "Tệp “setup.exe” có định dạng không được chấp nhận."),
        ("anh.png", image_bytes("JPEG"), "Tệp “anh.png” không phải là tệp PNG hợp lệ."),
        ("van-ban.exe", pdf_bytes(), "Phần mở rộng “.exe” của tệp “van-ban.exe” không khớp với nội dung tệp (PDF)."),
        ("hong.pdf", b"%PDF-1.7\n" + b"x" * 500, "Tệp “hong.pdf” không phải là tệp PDF hợp lệ."),
        ("hong.png", image_bytes()[:60], "Tệp “hong.png” không phải là tệp PNG hợp lệ."),
        ("nen.zip", zip_bytes({"a.txt": "a"}), "Tệp “nen.zip” có định dạng không được chấp nhận."),
        ("gia.docx", zip_bytes({"word/document.xml": "<w/>"}), "Tệp “gia.docx” không phải là tệp Word (DOCX) hợp lệ."),
        ("rong.pdf", b"", "Tệp “rong.pdf” rỗng (0 byte)."),
        ("macro.docx", DOCM, "Tệp “macro.docx” không phải là tệp Word (DOCX) hợp lệ."),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(settings, name, data, expected):
    with pytest.raises(ValidationError) as excinfo:
        store_upload(upload(name, data))
    assert expected in message_of(excinfo)
    assert Attachment.objects.count() == 0
    assert stored_files(settings) == []


def test_oversize_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 2 * MIB
    data = pdf_bytes() + b"\n%" + b"x" * (2 * MIB)
    with pytest.raises(ValidationError) as excinfo:
        store_upload(upload("lon.pdf", data))
    assert message_of(excinfo) == "Tệp “lon.pdf” vượt quá dung lượng tối đa 2 MB."
    assert stored_files(settings) == []


def test_oversize_is_caught_while_streaming_when_the_size_is_unknown(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    file = File(ContentFile(b"%PDF-1.4\n" + b"x" * 5000).file, name="lon.pdf")
    file.size = None
    with pytest.raises(ValidationError, match="vượt quá dung lượng tối đa"):
        store_upload(file)


def test_allowed_types_restrict_the_kinds(settings):
    with pytest.raises(ValidationError) as excinfo:
        store_upload(upload("to-trinh.docx", docx_bytes()), allowed_types=["pdf", "image/png"])
    assert "Chỉ chấp nhận: PDF, PNG." in message_of(excinfo)
    assert store_upload(upload("a.png", image_bytes()), allowed_types=["pdf", "image/png"]).content_type == "image/png"


def test_nothing_stays_on_disk_when_the_row_cannot_be_saved(settings, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("boom")

    monkeypatch.setattr(Attachment, "save", fail)
    with pytest.raises(IntegrityError):
        store_upload(upload("a.pdf", pdf_bytes()))
    assert stored_files(settings) == []


def test_names_are_cleaned():
    attachment = store_upload(upload("../../etc/x\x00y.pdf", pdf_bytes()))
    assert attachment.original_name == "xy.pdf"


@pytest.mark.parametrize(("size", "text"), [(20 * MIB, "20 MB"), (3 * MIB // 2, "1,5 MB"), (500 * 1024, "500 KB")])
def test_format_size(size, text):
    assert format_size(size) == text
